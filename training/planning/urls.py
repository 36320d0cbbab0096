app_name = "training_planning"

urlpatterns = []
