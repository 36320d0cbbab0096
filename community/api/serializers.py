from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Meeting, Post, Topic


class TopicListSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.CharField(source="author_name", read_only=True)
    replies = serializers.IntegerField(source="reply_count", read_only=True)
    supports = serializers.IntegerField(source="support_count", read_only=True)
    has_official_answer = serializers.BooleanField(source="has_official", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Topic
        fields = [
            "id",
            "title",
            "category",
            "status",
            "author",
            "replies",
            "supports",
            "has_official_answer",
            "is_pinned",
            "is_locked",
            "created_at",
            "last_activity_at",
            "url",
        ]


class PostSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author_name", read_only=True)
    official_unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    html = serializers.CharField(source="body_html", read_only=True)

    class Meta:
        model = Post
        fields = ["id", "author", "is_opening", "official_unit", "html", "created_at"]


class TopicDetailSerializer(TopicListSerializer):
    replies = serializers.IntegerField(source="reply_count", read_only=True)
    program = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    # Empty when the topic is not about a service (the model's slug pattern does not hold then).
    service_code = serializers.CharField(read_only=True)

    class Meta(TopicListSerializer.Meta):
        fields = [f for f in TopicListSerializer.Meta.fields if f != "has_official_answer"] + [
            "program",
            "service_code",
            "service_name",
            "adoption_note",
            "adopted_at",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    organiser = serializers.SlugRelatedField(source="org_unit", slug_field="code", read_only=True)
    registered = serializers.IntegerField(source="registered_count", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    online_url = serializers.SerializerMethodField(help_text="The link of an online meeting; null when there is none.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "organiser",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "registered",
            "registration_open",
            "status",
            "url",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_online_url(self, obj) -> str | None:
        return obj.online_url or None


class RegistrationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class InputsQuerySerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    program = serializers.SlugField(required=False, help_text="Code of a training program.")

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": "end < start"})
        return attrs
