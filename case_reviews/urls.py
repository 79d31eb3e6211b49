app_name = "case_reviews"

urlpatterns = []
