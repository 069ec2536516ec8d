#!/usr/bin/env python3
"""samples/mkiis.py -- write the IIS configuration files of the sample bundles.

Every applicationHost.config is the hand-written healthy NDES server
configuration in samples/src/iis/applicationHost.config with a few exact
edits (each edit must match exactly once, or this script stops). Files are
written the way IIS writes them: UTF-8 without a BOM, CRLF line ends.
Deterministic: the same sources always give the same bytes.

Usage: mkiis.py SAMPLES_DIR
"""
import os
import sys

SITE_WINAUTH = '''    <location path="Default Web Site">
        <system.webServer>
            <security>
                <authentication>
                    <windowsAuthentication enabled="true" />
                </authentication>
            </security>
        </system.webServer>
    </location>
'''

CRP_APP = '''                <application path="/CertificateRegistrationSvc" applicationPool="SCEP">
                    <virtualDirectory path="/" physicalPath="C:\\Program Files\\Microsoft Intune\\NDESConnectorSvc\\CertificateRegistrationSvc" />
                </application>
'''

CRP_LOCATION = '''    <location path="Default Web Site/CertificateRegistrationSvc">
        <system.webServer>
            <security>
                <authentication>
                    <anonymousAuthentication enabled="true" />
                </authentication>
                <access sslFlags="Ssl" />
            </security>
        </system.webServer>
    </location>
'''

# The ciphertext of the sample's encrypted pool password. Made up (it
# decrypts to nothing); tests grep every output for it.
ENC_PASSWORD = ('[enc:IISWASOnlyCngProvider:ZMuu/XD2n5+spK1jb6O9pu+sbFURLWup80655l2Oynmp0UqC6qTe'
                'OYfJe+V5lF4TwvJIX5wCtMeqeKX96WHlKPc2cVZBcp1ix4KV49lC8fk=:enc]')

# WCF HTTP Activation (NET-WCF-HTTP-Activation45), which the legacy
# connector's CertificateRegistrationSvc needs: its *.svc handler mappings.
ISAPI_DLL_HANDLER = '''                <add name="ISAPI-dll" path="*.dll" verb="*" modules="IsapiModule" resourceType="File" requireAccess="Execute" allowPathInfo="true" />
'''
WCF_HANDLERS = '''                <add name="svc-ISAPI-4.0_64bit" path="*.svc" verb="*" modules="IsapiModule" scriptProcessor="%windir%\\Microsoft.NET\\Framework64\\v4.0.30319\\aspnet_isapi.dll" preCondition="classicMode,runtimeVersionv4.0,bitness64" />
                <add name="svc-Integrated-4.0" path="*.svc" verb="*" type="System.ServiceModel.Activation.ServiceHttpHandlerFactory, System.ServiceModel.Activation, Version=4.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35" preCondition="integratedMode,runtimeVersionv4.0" />
'''

MSCEP_LIMITS = '<requestLimits maxUrl="65534" maxQueryString="65534" />'
END = '\n</configuration>\n'
MSCEP_APP = '''                <application path="/CertSrv/mscep" applicationPool="SCEP">'''

# bundle -> list of (old, new) edits of the healthy file
VARIANTS = {
    'healthy': [],
    # The NDES role's own request limits: maxQueryString 65536 at the
    # application's location, maxUrl not set (schema default 4096).
    'broken': [(MSCEP_LIMITS, '<requestLimits maxQueryString="65536" />')],
    # Request limits left at the defaults; site log without two status fields.
    'iis-defaults': [
        ('''                <requestFiltering allowDoubleEscaping="true">
                    <requestLimits maxUrl="65534" maxQueryString="65534" />
                </requestFiltering>''',
         '''                <requestFiltering allowDoubleEscaping="true" />'''),
        ('HttpStatus, Win32Status, TimeTaken, ServerPort, UserAgent, Referer, HttpSubStatus" />',
         'HttpStatus, TimeTaken, ServerPort, UserAgent, Referer" />'),
    ],
    # Legacy connector: CertificateRegistrationSvc, with Windows
    # authentication switched on for the whole site and inherited.
    'iis-crp-winauth': [
        (MSCEP_APP, CRP_APP + MSCEP_APP),
        (ISAPI_DLL_HANDLER, WCF_HANDLERS + ISAPI_DLL_HANDLER),
        (END, '\n' + SITE_WINAUTH + CRP_LOCATION + '\n</configuration>\n'),
    ],
    # SCEP pool stopped in IIS Manager, running as a domain account whose
    # password is stored encrypted.
    'iis-pool-stopped': [
        ('''            <add name="SCEP" managedPipelineMode="Classic">
                <processModel identityType="ApplicationPoolIdentity" idleTimeout="00:00:00" />''',
         '''            <add name="SCEP" autoStart="false" managedPipelineMode="Classic">
                <processModel identityType="SpecificUser" userName="CORP\\svc-ndes" password="%s" idleTimeout="00:00:00" />''' % ENC_PASSWORD),
    ],
    # The ISAPI Filters and ASP.NET 4.5 role services uninstalled: their
    # global module, module and ISAPI extension entries are gone.
    'iis-features-missing': [
        ('''            <add name="IsapiFilterModule" image="%windir%\\System32\\inetsrv\\filter.dll" />
''', ''),
        ('''                <add name="IsapiFilterModule" lockItem="true" />
''', ''),
        ('''                <add path="%windir%\\Microsoft.NET\\Framework64\\v4.0.30319\\webengine4.dll" allowed="true" groupId="ASP.NET_v4.0" description="ASP.NET_v4.0" />
                <add path="%windir%\\Microsoft.NET\\Framework\\v4.0.30319\\webengine4.dll" allowed="true" groupId="ASP.NET_v4.0" description="ASP.NET_v4.0" />
''', ''),
    ],
    # Site 1 renamed, no https binding, mscep.dll refused as an ISAPI extension.
    'iis-site-renamed': [
        ('<site name="Default Web Site" id="1">', '<site name="NDES" id="1">'),
        ('<location path="Default Web Site/CertSrv/mscep">', '<location path="NDES/CertSrv/mscep">'),
        ('<location path="Default Web Site/CertSrv/mscep_admin">',
         '<location path="NDES/CertSrv/mscep_admin">'),
        ('''                    <binding protocol="https" bindingInformation="*:443:" sslFlags="0" />
''', ''),
        ('<add path="C:\\Windows\\system32\\CertSrv\\mscep\\mscep.dll" allowed="true"',
         '<add path="C:\\Windows\\system32\\CertSrv\\mscep\\mscep.dll" allowed="false"'),
    ],
    # The role's default limits in applicationHost.config; the application's
    # own web.config (beside mscep.dll) sets maxUrl, which requestFiltering
    # delegates, and turns anonymous authentication off, which it may not.
    'iis-webconfig': [(MSCEP_LIMITS, '<requestLimits maxQueryString="65536" />')],
}

WEBCONFIGS = {
    'iis-webconfig': {
        'Windows/System32/CertSrv/mscep/web.config': '''<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <security>
            <requestFiltering>
                <requestLimits maxUrl="65534" />
            </requestFiltering>
            <authentication>
                <anonymousAuthentication enabled="false" />
            </authentication>
        </security>
    </system.webServer>
</configuration>
''',
        'inetpub/wwwroot/web.config': '''<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <defaultDocument>
            <files>
                <add value="iisstart.htm" />
            </files>
        </defaultDocument>
    </system.webServer>
</configuration>
''',
        # A copy left in a backup folder: no application lives there.
        'backup/web.config': '''<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.webServer>
        <directoryBrowse enabled="true" />
    </system.webServer>
</configuration>
''',
    },
}


def die(msg):
    sys.stderr.write('samples/mkiis.py: %s\n' % msg)
    sys.exit(1)


def write_iis(path, text):
    """UTF-8, no BOM, CRLF: as IIS writes its configuration."""
    if '\r' in text:
        die('%s: source text must use LF only' % path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(text.replace('\n', '\r\n').encode('utf-8'))


def main():
    if len(sys.argv) != 2:
        die('usage: mkiis.py SAMPLES_DIR')
    here = sys.argv[1]
    with open(os.path.join(here, 'src', 'iis', 'applicationHost.config'), encoding='utf-8') as f:
        healthy = f.read()
    for bundle, edits in sorted(VARIANTS.items()):
        text = healthy
        for old, new in edits:
            n = text.count(old)
            if n != 1:
                die('%s: edit matches %d times, expected once: %r' % (bundle, n, old[:80]))
            text = text.replace(old, new)
        write_iis(os.path.join(here, bundle, 'inetsrv', 'config', 'applicationHost.config'), text)
        for rel, body in sorted(WEBCONFIGS.get(bundle, {}).items()):
            write_iis(os.path.join(here, bundle, rel), body)


if __name__ == '__main__':
    main()
