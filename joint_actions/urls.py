app_name = "joint_actions"

urlpatterns = []
