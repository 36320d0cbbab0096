from rest_framework import serializers

from training.models import Session

from ..models import MAX_ACTIONS, ActionPlan, ActionPlanItem


class WorkshopSessionSerializer(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    title = serializers.CharField(source="display_title")
    kind = serializers.CharField(source="program.kind")
    topic = serializers.CharField(source="program.workshop.topic", default=None)
    facilitator = serializers.CharField(source="program.workshop.facilitator.name", default=None)
    venue = serializers.CharField(source="venue.name", default=None)
    jp = serializers.DecimalField(source="program.jp", max_digits=5, decimal_places=1)
    seats_left = serializers.IntegerField()

    class Meta:
        model = Session
        fields = ["id", "code", "program", "title", "kind", "topic", "facilitator", "start", "end", "mode", "venue",
                  "jp", "seats_left"]  # fmt: skip


class ActionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlanItem
        fields = ["position", "action", "success_indicator", "due_date"]
        read_only_fields = ["position"]


class ActionPlanSerializer(serializers.ModelSerializer):
    enrollment = serializers.IntegerField(source="enrollment_id")
    items = ActionItemSerializer(many=True)

    class Meta:
        model = ActionPlan
        fields = ["enrollment", "items", "created_at", "updated_at"]


class ActionInputSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=500)
    success_indicator = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    due_date = serializers.DateField()


class ActionPlanWriteSerializer(serializers.Serializer):
    items = ActionInputSerializer(many=True, min_length=1, max_length=MAX_ACTIONS)
