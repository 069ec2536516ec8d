#!/usr/bin/env python3
"""mkw3c.py OUT SIZE_MB -- a realistic IIS W3C log of about SIZE_MB megabytes
for bench/logs.sh: IIS 10 default fields, CRLF, a header block every 50,000
records (as IIS writes one each time it reopens the log), about 6% SCEP
traffic (GetCACaps, GetCACert, PKIOperation with a 2 KB query, some 500 0
1346) among ordinary web traffic. Deterministic."""
import os
import random
import sys

FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
          "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
UAS = ["Mozilla/4.0+(compatible;+Win32;+NDES+client)",
       "Dalvik/2.1.0+(Linux;+U;+Android+13;+SM-G991B+Build/TP1A.220624.014)",
       "profiled/1.0+CFNetwork/1410.0.3+Darwin/22.6.0"]
WEB_UA = ("Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)"
          "+Chrome/124.0.0.0+Safari/537.36")
STEMS = ["/", "/iisstart.png", "/owa/auth/logon.aspx", "/ews/exchange.asmx", "/api/v2/status",
         "/images/logo.svg", "/css/site.css", "/js/app.min.js"]


def block(rng, date, n):
    out = []
    for i in range(n):
        t = "%02d:%02d:%02d" % (i * 24 // n, (i * 1440 // n) % 60, i % 60)
        cip = "10.%d.%d.%d" % (rng.randrange(1, 250), rng.randrange(256), rng.randrange(1, 255))
        r = rng.random()
        if r < 0.02:
            q = "operation=GetCACaps&message=default"
        elif r < 0.04:
            q = "operation=GetCACert&message=default"
        elif r < 0.06:
            q = "operation=PKIOperation&message=" + "MIAGCSqGSIb3DQEHAqCAMIACAQEx" * 70
        else:
            q = None
        if q:
            st = "500 0 1346" if rng.random() < 0.1 else "200 0 0"
            out.append("%s %s 10.20.0.15 GET /certsrv/mscep/mscep.dll %s 443 - %s %s - %s %d\r\n"
                       % (date, t, q, cip, rng.choice(UAS), st, rng.randrange(5, 900)))
        else:
            st = rng.choice(["200 0 0", "200 0 0", "304 0 0", "404 0 2", "401 2 5"])
            out.append("%s %s 10.20.0.15 GET %s - 443 - %s %s https://intranet.contoso.com/ %s %d\r\n"
                       % (date, t, rng.choice(STEMS), cip, WEB_UA, st, rng.randrange(1, 400)))
    return "".join(out)


def main():
    out, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    rng = random.Random(20260529)
    template = block(rng, "2026-05-01", 50000).encode()
    written, day = 0, 1
    with open(out, "wb") as fh:
        while written < size:
            date = "2026-%02d-%02d" % (1 + (day - 1) // 28 % 12, 1 + (day - 1) % 28)
            head = ("#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n"
                    "#Date: %s 00:00:00\r\n#Fields: %s\r\n" % (date, FIELDS)).encode()
            data = head + template.replace(b"2026-05-01", date.encode())
            fh.write(data)
            written += len(data)
            day += 1


if __name__ == "__main__":
    main()
