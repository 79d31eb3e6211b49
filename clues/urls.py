app_name = "clues"

urlpatterns = []
