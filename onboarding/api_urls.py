from django.urls import path

from onboarding import apis

urlpatterns = [
    path("me/onboarding/", apis.MyOnboardingApi.as_view(), name="api_me_onboarding"),
    path("me/consent/", apis.MyConsentApi.as_view(), name="api_me_consent"),
    path(
        "me/consent/withdraw/", apis.MyConsentWithdrawApi.as_view(), name="api_me_consent_withdraw"
    ),
]
