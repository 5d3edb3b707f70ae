"""One API client for test_idempotency_processes.py: at START (a Unix time) it POSTs the
same transfer with the same Idempotency-Key, and prints the status and body as JSON."""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    start, token, path, body, key = sys.argv[1:6]
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY=key)
    client.get("/api/v1/me")  # connect and warm up before the start
    time.sleep(max(float(start) - time.time(), 0))
    response = client.post(path, body, content_type="application/json")
    print(json.dumps({"status": response.status_code, "body": response.json()}))


if __name__ == "__main__":
    main()
