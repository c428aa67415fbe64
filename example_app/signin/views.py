"""Sign-in endpoints an attacker would hammer, each throttled (docs/throttle.md).

The login is throttled per client by a scope of its own (ScopedRateThrottle, "login"); the
password reset per address for anonymous callers (an AnonRateThrottle with the
"password-reset" scope). The login declares it needs a throttle in its Guard; the reset is
named in pytest.ini (guard_throttle_required), as a project lists URLs it cannot annotate.
"""

import uuid

from django.contrib.auth import get_user_model
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from signin.models import Device, digest


def device_credentials(action, user, obj):
    """A fresh device with a known secret: the login's payload signs in with it."""
    name = f"device-{uuid.uuid4().hex[:12]}"
    model = get_user_model()
    owner = user or model.objects.create(**{model.USERNAME_FIELD: f"{name}@example.com"})
    Device.objects.create(user=owner, name=name, secret_digest=digest("s3cret"))
    return {"name": name, "secret": "s3cret"}


class LoginView(APIView):
    """POST /api/signin/login/: a device signs in with its name and secret."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    class Guard:
        access = {"post": {"anonymous": "allow"}}  # signing in is for callers not signed in
        payload = staticmethod(device_credentials)
        throttled = True  # credentials are guessed here: a throttle must apply

    def post(self, request):
        name, secret = str(request.data.get("name", "")), str(request.data.get("secret", ""))
        device = Device.objects.filter(name=name).first()
        if device is None or not device.check_secret(secret):
            return Response({"detail": "invalid credentials"}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"device": device.name})


class PasswordResetThrottle(AnonRateThrottle):
    scope = "password-reset"


class PasswordResetView(APIView):
    """POST /api/signin/password-reset/: always 202, whether the address is known or not."""

    permission_classes = [AllowAny]
    throttle_classes = [PasswordResetThrottle]

    class Guard:
        access = {"post": {"anonymous": "allow"}}
        payload = {"email": "someone@example.com"}

    def post(self, request):
        return Response({"detail": "if the address is known, a link is on its way"}, status=202)
