#!/usr/bin/env python3
"""mklogs.py -- write the sample bundles' text logs, deterministically.

IIS W3C logs as IIS 10 writes them (UTF-8, CRLF, a header block each time
the log is reopened, the default IIS 10 field set), HTTPERR logs as HTTP.sys
writes them, and the Intune connector's SetupMsi.log as a Windows Installer
verbose log. NDES request lines follow the seed article's examples (its
user agents: the NDES client, Android's Dalvik, iOS's profiled/CFNetwork).
The .evtx files come from mkevtx.py with the JSON specs written here.

Usage: mklogs.py SAMPLES_DIR PM_SHA1
PM_SHA1: the SHA-1 of the test PKI's policy-module certificate (pm), which
the CAPI2 sample's errors are about.
"""
import json
import os
import sys

FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
          "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
HERR_FIELDS = ("date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid "
               "sc-status s-siteid s-reason s-queuename")
UA_NDES = "Mozilla/4.0+(compatible;+Win32;+NDES+client)"
UA_ANDROID = "Dalvik/2.1.0+(Linux;+U;+Android+13;+SM-G991B+Build/TP1A.220624.014)"
UA_IOS = "profiled/1.0+CFNetwork/1410.0.3+Darwin/22.6.0"
UA_BROWSER = ("Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)"
              "+Chrome/124.0.0.0+Safari/537.36+Edg/124.0.0.0")
SERVER = "10.20.0.15"
# A PKIOperation message is a long base64 PKCS#7; a short stand-in keeps
# the samples small (real ones are several KB).
PKIMSG = ("MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgMFADCABgkqhkiG9w0BBwGggCSABIIZfzCABgkqhkiG"
          "9w0BBwOggDCAAgEAMYIBgjCCAX4CAQAwZjBPMRUwEwYKCZImiZPyLGQBGRYFbG9jYWwxHDAaBgoJkiaJk%2FIs")


def w(path, text, crlf=True, encoding="utf-8"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    with open(path, "wb") as fh:
        fh.write(data)


def header(date, hms):
    return ("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
            "#Date: %s %s\n#Fields: %s\n" % (date, hms, FIELDS))


def line(date, hms, method, stem, query, port, cip, ua, status, sub, win32, ms):
    return "%s %s %s %s %s %s %d - %s %s - %d %d %d %d\n" % (
        date, hms, SERVER, method, stem, query or "-", port, cip, ua, status, sub, win32, ms)


def enroll(date, hms, cip, ua, status=200, sub=0, win32=0, pkistatus=None, stem=None):
    """The three requests of one enrollment, a second apart."""
    h, m, s = (int(x) for x in hms.split(":"))
    stem = stem or "/certsrv/mscep/mscep.dll/pkiclient.exe"
    out = []
    for i, (op, msg) in enumerate((("GetCACaps", "default"), ("GetCACert", "default"),
                                    ("PKIOperation", PKIMSG))):
        t = "%02d:%02d:%02d" % (h, m, s + i)
        st = status if (pkistatus is None or op == "PKIOperation") else 200
        if pkistatus is not None and op == "PKIOperation":
            st, sub, win32 = pkistatus
        out.append(line(date, t, "GET", stem, "operation=%s&message=%s" % (op, msg), 443, cip,
                        ua, st, sub if st != 200 else 0, win32 if st != 200 else 0,
                        [31, 15, 187][i]))
    return "".join(out)


def other_traffic(date, hms):
    return (line(date, hms, "GET", "/", None, 443, "10.20.4.7", UA_BROWSER, 200, 0, 0, 3) +
            line(date, hms, "GET", "/iisstart.png", None, 443, "10.20.4.7", UA_BROWSER, 304, 0, 0, 1))


def healthy_iis(d):
    date = "2026-05-28"
    t = header(date, "00:00:03")
    t += other_traffic(date, "00:00:03")
    t += enroll(date, "07:12:40", "10.31.7.22", UA_NDES)
    t += enroll(date, "07:40:11", "10.31.9.140", UA_ANDROID, stem="/certsrv/mscep/mscep.dll")
    # The SCEP pool was recycled: IIS reopened the log and wrote the header again.
    t += header(date, "09:00:00")
    t += enroll(date, "09:00:00", "10.31.12.9", UA_IOS, stem="/certsrv/mscep/mscep.dll")
    # An administrator browsed the URL: 403 is the expected answer.
    t += line(date, "09:05:17", "GET", "/certsrv/mscep/mscep.dll", None, 443, "10.20.4.7", UA_BROWSER,
              403, 0, 0, 2)
    t += header(date, "13:20:45")
    t += enroll(date, "13:20:45", "10.31.7.60", UA_ANDROID, stem="/certsrv/mscep/mscep.dll")
    t += enroll(date, "16:02:09", "10.31.9.4", UA_NDES)
    w(os.path.join(d, "iislogs/W3SVC1/u_ex260528.log"), t)


def herr_header(date, hms):
    return ("#Software: Microsoft HTTP API 2.0\n#Version: 1.0\n#Date: %s %s\n#Fields: %s\n"
            % (date, hms, HERR_FIELDS))


def herr(date, hms, cip, uri, status, reason, queue="-"):
    return "%s %s %s 52114 %s 443 HTTP/1.1 GET %s - %s 1 %s %s\n" % (
        date, hms, cip, SERVER, uri, status, reason, queue)


def healthy_httperr(d):
    date = "2026-05-28"
    t = herr_header(date, "03:11:52")
    t += "%s 03:11:52 10.31.7.22 52114 %s 443 - - - - - - Timer_ConnectionIdle -\n" % (date, SERVER)
    t += "%s 11:47:02 10.31.9.140 50981 %s 443 - - - - - - Timer_ConnectionIdle -\n" % (date, SERVER)
    w(os.path.join(d, "LogFiles/HTTPERR/httperr1.log"), t)


def msi(product, version, ok, extra=""):
    t = ("=== Verbose logging started: 5/27/2026  15:58:02  Build type: SHIP UNICODE 5.00.10011.00  "
         "Calling process: C:\\Windows\\system32\\msiexec.exe ===\n"
         "MSI (c) (28:54) [15:58:02:311]: Resetting cached policy values\n"
         "MSI (c) (28:54) [15:58:02:311]: Machine policy value 'Debug' is 0\n"
         "MSI (s) (A0:C4) [15:58:04:017]: Product: %s -- Installation started.\n" % product)
    t += extra
    if ok:
        t += ("MSI (s) (A0:C4) [16:01:11:905]: Product: %s -- Installation completed successfully.\n"
              "MSI (s) (A0:C4) [16:01:11:999]: Windows Installer installed the product. Product Name: %s. "
              "Product Version: %s. Product Language: 1033. Manufacturer: Microsoft Corporation. "
              "Installation success or error status: 0.\n" % (product, product, version))
    else:
        t += ("Action ended 16:01:09: InstallFinalize. Return value 3.\n"
              "MSI (s) (A0:C4) [16:01:11:905]: Product: %s -- Installation failed.\n"
              "MSI (s) (A0:C4) [16:01:11:999]: Windows Installer installed the product. Product Name: %s. "
              "Product Version: %s. Product Language: 1033. Manufacturer: Microsoft Corporation. "
              "Installation success or error status: 1603.\n" % (product, product, version))
    t += "=== Verbose logging stopped: 5/27/2026  16:01:12 ===\n"
    return t


CONNECTOR = "Microsoft Intune Connector"


def evtx_spec(channel, events):
    return {"computer": "NDES01.corp.contoso.com", "channel": channel, "events": events}


def app_error(time, module="ntdll.dll", code="c0000005"):
    return {"id": 1000, "level": 2, "provider": "Application Error", "time": time,
            "data": ["w3wp.exe", "10.0.20348.1", "6fa1c2b3", module, "10.0.20348.2340", "8e0f2c1a",
                     code, "000000000002f3a1", "0x1a2c", "0x01dab0c7e5f3a000",
                     "c:\\windows\\system32\\inetsrv\\w3wp.exe",
                     "C:\\Windows\\SYSTEM32\\" + module, "4f6c2d1e-9a3b-4c5d-8e7f-0a1b2c3d4e5f", "", ""]}


def was(time, eid, pool):
    data = ([["AppPoolID", pool], ["ProcessID", "6816"], ["ExitCode", "c0000005"]] if eid == 5009
            else [["AppPoolID", pool]])
    return {"id": eid, "level": 2, "provider": "Microsoft-Windows-WAS", "time": time, "data": data}


def info(time, provider, eid, text):
    return {"id": eid, "level": 4, "provider": provider, "time": time, "data": [text]}


def ndes_event(time, eid, text):
    return {"id": eid, "level": 2, "provider": "Microsoft-Windows-NetworkDeviceEnrollmentService",
            "time": time, "data": [text]}


CONNECTOR_ADMIN = "Microsoft-Intune-CertificateConnectors/Admin"
CONNECTOR_PROVIDER = "Microsoft-Intune-CertificateConnectors"


def connector_event(time, eid, level, text):
    # Sample data: the IDs and texts are made up in the connector's style.
    return {"id": eid, "level": level, "provider": CONNECTOR_PROVIDER, "time": time, "data": [text]}


def ftp_log(date, hms):
    """An FTP site's W3C log as IIS's FTP service writes it (x-session)."""
    t = ("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
         "#Date: %s %s\n#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem "
         "sc-status sc-win32-status sc-substatus x-session x-fullpath\n" % (date, hms))
    sess = "5b1e9c7a-3d2f-4e60-8a1b-2c9d0e7f6a41"
    for i, (cmd, arg, st) in enumerate((("ControlChannelOpened", "-", "-"), ("USER", "deploy", "331"),
                                        ("PASS", "***", "230"), ("STOR", "build.zip", "226"))):
        t += "%s %s:%02d 10.20.4.31 %s %s 21 %s %s %s 0 0 %s /%s\n" % (
            date, hms[:5], i, "-" if i < 2 else "deploy", SERVER, cmd, arg, st, sess,
            "build.zip" if cmd == "STOR" else "")
    return t


def multisite(top):
    """Three sites' logs: W3SVC1 hosts /CertSrv/mscep and serves devices;
    W3SVC2 (another site, with a stale copy of the NDES URL that fails)
    and the FTP site FTPSVC3 must not count."""
    b = os.path.join(top, "log-multisite")
    date = "2026-05-29"
    t = header(date, "00:00:02") + other_traffic(date, "00:00:02")
    t += enroll(date, "06:10:12", "10.31.7.22", UA_NDES)
    t += enroll(date, "09:44:03", "10.31.9.140", UA_ANDROID, stem="/certsrv/mscep/mscep.dll")
    w(os.path.join(b, "iislogs/W3SVC1/u_ex260529.log"), t)
    t = header("2026-05-30", "00:00:01") + other_traffic("2026-05-30", "00:00:01")
    t += enroll("2026-05-30", "07:02:55", "10.31.12.9", UA_IOS)
    w(os.path.join(b, "iislogs/W3SVC1/u_ex260530.log"), t)
    t = header(date, "05:00:00")
    for hms in ("05:00:00", "05:30:00", "06:00:00"):
        t += line(date, hms, "GET", "/intranet/default.aspx", None, 443, "10.20.4.7", UA_BROWSER,
                  200, 0, 0, 12)
    t += enroll(date, "06:20:40", "10.31.7.60", UA_ANDROID, pkistatus=(500, 0, 1346))
    t += line(date, "06:21:10", "GET", "/certsrv/mscep/mscep.dll", "operation=GetCACert&message=x",
              443, "10.31.7.60", UA_ANDROID, 404, 0, 2, 1)
    w(os.path.join(b, "iislogs/W3SVC2/u_ex260529.log"), t)
    w(os.path.join(b, "iislogs/FTPSVC3/u_ex260529.log"), ftp_log(date, "04:12:00"))


def capi2(eid, time, element, thumb, subject, result, url=None):
    kids = [["Certificate", [["fileRef", thumb + ".cer"], ["subjectName", subject]], None]]
    if url is not None:
        kids.append(["URL", [["scheme", "http"]], url])
    kids.append(["Result", [["value", result]], "result %s" % result])
    return {"id": eid, "level": 2 if result != "0" else 4, "provider": "Microsoft-Windows-CAPI2",
            "time": time, "userdata": {"element": element, "children": kids}}


def capi2_log(top, pm):
    """The CAPI2 Operational log of a server whose CRL URL cannot be
    reached: chain building for the policy-module certificate finds its
    revocation offline (the seed's cause 2), the CRL fetch fails; another
    certificate's error (a user's browser) does not concern NDES."""
    b = os.path.join(top, "log-capi2")
    crl = "http://pki.corp.contoso.com/cdp/Contoso-Issuing-CA.crl"
    pm = pm.upper()
    return os.path.join(b, "eventlogs/CAPI2-Operational.evtx"), evtx_spec(
        "Microsoft-Windows-CAPI2/Operational", [
            capi2(11, "2026-05-29T08:00:01Z", "CertGetCertificateChain", pm,
                  "NDES01.corp.contoso.com", "0"),
            capi2(53, "2026-05-29T08:14:20Z", "CryptRetrieveObjectByUrlWire", pm,
                  "NDES01.corp.contoso.com", "80072EE7", crl),
            capi2(30, "2026-05-29T08:14:21Z", "CertVerifyCertificateChainPolicy", pm,
                  "NDES01.corp.contoso.com", "80092013"),
            capi2(30, "2026-05-29T09:02:47Z", "CertVerifyCertificateChainPolicy", pm,
                  "NDES01.corp.contoso.com", "80092013"),
            capi2(30, "2026-05-29T09:30:00Z", "CertVerifyCertificateChainPolicy",
                  "7E1D2C3B4A5968778695A4B3C2D1E0F9A8B7C6D5", "www.fabrikam.example", "800B0109"),
        ])


def main():
    top = sys.argv[1]
    specs = {}

    h = os.path.join(top, "healthy")
    healthy_iis(h)
    healthy_httperr(h)
    w(os.path.join(h, "connector/SetupMsi.log"), msi(CONNECTOR, "6.2301.1.0", True))
    specs[os.path.join(h, "eventlogs/Application.evtx")] = evtx_spec("Application", [
        info("2026-05-28T06:58:40Z", "MSIInstaller", 1033, "Windows Installer installed the product."),
        info("2026-05-28T07:01:02Z", "Microsoft-Windows-NetworkDeviceEnrollmentService", 1,
             "The Network Device Enrollment Service started successfully."),
    ])
    specs[os.path.join(h, "eventlogs/CertificateConnectors-Admin.evtx")] = evtx_spec(CONNECTOR_ADMIN, [
        connector_event("2026-05-28T07:05:12Z", 1000, 4, "The certificate connector service started."),
        connector_event("2026-05-28T07:35:40Z", 1010, 3,
                        "The connector took 12 seconds to reach the Intune service."),
    ])
    specs[os.path.join(h, "eventlogs/System.evtx")] = evtx_spec("System", [
        info("2026-05-28T06:59:10Z", "Service Control Manager", 7036,
             "The World Wide Web Publishing Service service entered the running state."),
    ])

    date = "2026-05-29"
    # 500 0 1346: IIS_IUSRS lost the impersonation right (a hardening GPO).
    b = os.path.join(top, "log-500-1346")
    t = header(date, "06:00:01")
    t += enroll(date, "06:10:12", "10.31.7.22", UA_NDES, pkistatus=(500, 0, 1346))
    t += line(date, "06:31:40", "GET", "/certsrv/mscep/mscep.dll", "operation=GetCACert&message=SCEP%20Authority",
              443, "10.31.12.9", UA_IOS, 500, 0, 1346, 31)
    t += header(date, "08:00:00")
    t += enroll(date, "08:00:00", "10.31.9.140", UA_ANDROID, pkistatus=(500, 0, 1346),
                stem="/certsrv/mscep/mscep.dll")
    t += other_traffic(date, "08:15:00")
    w(os.path.join(b, "iislogs/W3SVC1/u_ex260529.log"), t)

    # 503: the SCEP pool crashes (an intermediate CA in Trusted Root).
    b = os.path.join(top, "log-503")
    t = header(date, "07:00:00")
    t += enroll(date, "07:00:05", "10.31.7.22", UA_NDES)
    t += line(date, "07:20:44", "GET", "/certsrv/mscep/mscep.dll/pkiclient.exe",
              "operation=GetCACaps&message=default", 443, "10.31.9.140", UA_ANDROID, 503, 0, 0, 0)
    t += line(date, "07:25:02", "GET", "/certsrv/mscep/mscep.dll/pkiclient.exe",
              "operation=GetCACaps&message=default", 443, "10.31.7.60", UA_ANDROID, 503, 0, 0, 0)
    w(os.path.join(b, "iislogs/W3SVC1/u_ex260529.log"), t)
    t = herr_header(date, "07:20:44")
    t += herr(date, "07:21:30", "10.31.12.9", "/certsrv/mscep/mscep.dll/pkiclient.exe?operation=GetCACert&message=default",
              503, "AppOffline", "SCEP")
    t += herr(date, "07:22:10", "10.31.7.60", "/certsrv/mscep/mscep.dll/pkiclient.exe?operation=GetCACaps&message=default",
              503, "AppOffline", "SCEP")
    w(os.path.join(b, "LogFiles/HTTPERR/httperr1.log"), t)
    specs[os.path.join(b, "eventlogs/Application.evtx")] = evtx_spec("Application", [
        app_error("2026-05-29T07:19:58Z"), app_error("2026-05-29T07:20:31Z")])
    specs[os.path.join(b, "eventlogs/System.evtx")] = evtx_spec("System", [
        was("2026-05-29T07:19:58Z", 5009, "SCEP"), was("2026-05-29T07:20:31Z", 5009, "SCEP"),
        was("2026-05-29T07:20:32Z", 5002, "SCEP"), was("2026-05-29T05:02:00Z", 5009, "DefaultAppPool")])

    # 414 and 404.15: request limits too small; HTTP.sys refuses long fields.
    b = os.path.join(top, "log-414")
    t = header(date, "09:00:00")
    t += enroll(date, "09:00:10", "10.31.7.22", UA_NDES, pkistatus=(414, 0, 0))
    t += enroll(date, "09:12:31", "10.31.9.140", UA_ANDROID, pkistatus=(404, 15, 0),
                stem="/certsrv/mscep/mscep.dll")
    w(os.path.join(b, "iislogs/W3SVC1/u_ex260529.log"), t)
    t = herr_header(date, "09:30:02")
    t += herr(date, "09:30:02", "10.31.12.9", "-", 400, "FieldLength")
    t += herr(date, "09:41:17", "10.31.7.60", "-", 400, "FieldLength")
    w(os.path.join(b, "LogFiles/HTTPERR/httperr1.log"), t)

    # 403 16 2148204809 on VerifyRequest: legacy connector, untrusted chain.
    b = os.path.join(top, "log-crp-403")
    t = header(date, "10:00:00")
    t += enroll(date, "10:00:03", "10.31.7.22", UA_NDES)
    for i, hms in enumerate(("10:00:05", "10:40:19", "11:02:55")):
        t += line(date, hms, "POST", "/CertificateRegistrationSvc/Certificate/VerifyRequest", None, 443,
                  "10.20.0.15", "-", 403, 16, 2148204809, 15)
    w(os.path.join(b, "iislogs/W3SVC1/u_ex260529.log"), t)

    # No mscep.dll request at all: devices never reach the server.
    b = os.path.join(top, "log-no-requests")
    t = header(date, "00:00:02") + other_traffic(date, "00:00:02")
    t += header(date, "12:00:00") + other_traffic(date, "12:00:00")
    w(os.path.join(b, "iislogs/W3SVC1/u_ex260529.log"), t)
    # A second day: the site's logs cover more than 24 hours, the span
    # log.iis.no_requests needs before it calls the silence a failure.
    t = header("2026-05-30", "06:00:00") + other_traffic("2026-05-30", "06:00:00")
    w(os.path.join(b, "iislogs/W3SVC1/u_ex260530.log"), t)

    # A failed connector install, UTF-16LE as msiexec writes a Unicode log.
    b = os.path.join(top, "log-setupmsi-failed")
    extra = ("CustomAction ConfigureNDESConnector returned actual error code 1603\n"
             "MSI (s) (A0:C4) [16:01:08:512]: Site not found: Default Web Site\n"
             "MSI (s) (A0:C4) [16:01:08:540]: Note: 1: 1708 \n")
    w(os.path.join(b, "connector/SetupMsi.log"), msi(CONNECTOR, "6.2301.1.0", False, extra),
      encoding="utf-16-le")

    # NDES service events: a template name the CA does not know, RA certificate missing.
    b = os.path.join(top, "log-ndes-events")
    specs[os.path.join(b, "eventlogs/Application.evtx")] = evtx_spec("Application", [
        ndes_event("2026-05-29T08:02:11Z", 31,
                   "The Network Device Enrollment Service cannot submit the certificate request "
                   "(0x80094800). The requested certificate template is not supported by this CA."),
        ndes_event("2026-05-29T08:40:37Z", 31,
                   "The Network Device Enrollment Service cannot submit the certificate request "
                   "(0x80094800). The requested certificate template is not supported by this CA."),
        ndes_event("2026-05-29T09:13:00Z", 10,
                   "The Network Device Enrollment Service cannot retrieve one of its required "
                   "certificates (0x80070002). The system cannot find the file specified."),
        # Events beyond 2, 10 and 31 (issue 15.7): no Enroll permission on the
        # template, and a request NDES cannot decrypt (RA encryption key).
        ndes_event("2026-05-29T09:20:00Z", 6,
                   "The Network Device Enrollment Service cannot provide its password because the "
                   "user does not have Enroll permissions on the configured certificate template, "
                   "or the certification authority is not enabled to issue certificates based on "
                   "the configured certificate template."),
        ndes_event("2026-05-29T09:41:12Z", 18,
                   "The Network Device Enrollment Service cannot decrypt the client's PKCS7 message "
                   "(0x80090016). Keyset does not exist."),
    ])

    # The SCEP pool's identity fails (the seed's HTTP 500 cause 1: the NDES
    # service account is locked or its password expired): WAS 5021 (identity
    # invalid), 5057 (pool disabled: identity invalid), 5059 (pool disabled
    # after a failure to start a worker process); another pool's 5021.
    b = os.path.join(top, "log-pool-identity")
    specs[os.path.join(b, "eventlogs/System.evtx")] = evtx_spec("System", [
        info("2026-05-29T06:00:00Z", "Service Control Manager", 7036,
             "The World Wide Web Publishing Service service entered the running state."),
        was("2026-05-29T06:30:12Z", 5021, "SCEP"), was("2026-05-29T06:30:12Z", 5021, "DefaultAppPool"),
        was("2026-05-29T06:41:55Z", 5021, "SCEP"), was("2026-05-29T06:41:57Z", 5057, "SCEP"),
        was("2026-05-29T07:02:03Z", 5059, "SCEP")])

    # The connector's own log: it cannot reach the CA for SCEP requests.
    b = os.path.join(top, "log-connector-errors")
    specs[os.path.join(b, "eventlogs/CertificateConnectors-Admin.evtx")] = evtx_spec(CONNECTOR_ADMIN, [
        connector_event("2026-05-29T10:02:00Z", 1000, 4, "The certificate connector service started."),
        connector_event("2026-05-29T10:14:31Z", 2002, 2,
                        "SCEP request validation failed: the connector could not reach the "
                        "certification authority (0x800706ba)."),
        connector_event("2026-05-29T10:44:02Z", 2002, 2,
                        "SCEP request validation failed: the connector could not reach the "
                        "certification authority (0x800706ba)."),
        connector_event("2026-05-29T11:00:00Z", 3001, 1,
                        "The connector's certificate could not be renewed."),
    ])

    multisite(top)
    path, spec = capi2_log(top, sys.argv[2])
    specs[path] = spec

    # Each .evtx from its spec; the specs are kept in samples/src/evtx.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import mkevtx
    for path, spec in sorted(specs.items()):
        rel = os.path.relpath(path, top)
        src = os.path.join(top, "src/evtx", rel.replace("/", "__") + ".json")
        os.makedirs(os.path.dirname(src), exist_ok=True)
        with open(src, "w", encoding="utf-8") as fh:
            json.dump(spec, fh, indent=1, sort_keys=True)
            fh.write("\n")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(mkevtx.build(spec))


if __name__ == "__main__":
    main()
