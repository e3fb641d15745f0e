from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address for rate limits: REMOTE_ADDR, or the entry in X-Forwarded-For added
    by the last of the deployment's trusted proxies (REST_FRAMEWORK NUM_PROXIES, as DRF's
    throttles use); a client cannot pick its own address by sending the header."""
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    proxies = int(settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in str(forwarded).split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return remote
