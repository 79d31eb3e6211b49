"""gunicorn behind the compose network's reverse proxy (deploy/Caddyfile).

X-Forwarded-* headers are honoured only from FORWARDED_ALLOW_IPS (the proxy's fixed address):
a client reaching gunicorn any other way cannot claim https or another address.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "172.30.0.10")
# Requests larger than the proxy's own limit never reach here; keep headers bounded as well.
limit_request_field_size = 8190
accesslog = "-"
