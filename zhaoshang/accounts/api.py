from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = found.user
        return found.user
