from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticatedOrReadOnly

from thirdparty.models import Tag
from thirdparty.permissions import IsCreatorOrReadOnly
from thirdparty.serializers import TagSerializer


class TagViewSet(viewsets.ModelViewSet):
    """Anyone reads tags, signed-in users create them, only the creator edits."""

    queryset = Tag.objects.select_related("created_by").order_by("name", "id")
    serializer_class = TagSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, IsCreatorOrReadOnly]

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)
