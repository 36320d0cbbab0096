"""Container health check of the web service: GET /healthz as the load balancer would.

Sends the first ALLOWED_HOSTS entry as Host and X-Forwarded-Proto: https, so
neither host validation nor the HTTPS redirect get in the way. Exit 0 when healthy.
"""

import os
import sys
import urllib.request

host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
request = urllib.request.Request("http://127.0.0.1:8000/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"})
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (fixed local URL)
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # noqa: BLE001  (any failure means unhealthy; the error is printed)
    print(exc, file=sys.stderr)
    sys.exit(1)
