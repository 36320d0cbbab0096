app_name = "tutorials"

urlpatterns = []
