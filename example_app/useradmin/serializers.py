from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

USER = get_user_model()
PRIVILEGES = ("is_staff", "is_superuser", "groups")


class UserAdminSerializer(serializers.ModelSerializer):
    """User admins manage accounts; only a superuser grants staff, superuser or groups."""

    class Meta:
        model = USER
        fields = [  # whichever user model is installed: its login and name fields
            "id",
            *dict.fromkeys(
                [get_user_model().USERNAME_FIELD, "email", *get_user_model().REQUIRED_FIELDS]
            ),
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
        ]

    def validate(self, attrs):
        if not self.context["request"].user.is_superuser:
            raised = [name for name in PRIVILEGES if name in attrs and self._changes(name, attrs)]
            if raised:  # answered 403, as real products do
                raise PermissionDenied(f"only a superuser may set {', '.join(raised)}")
        return attrs

    def _changes(self, name, attrs):
        if name == "groups":
            current = set(self.instance.groups.all()) if self.instance else set()
            return set(attrs[name]) != current
        return attrs[name] != (getattr(self.instance, name) if self.instance else False)
