from django.urls import path

from onboarding import apis

urlpatterns = [
    path("me/onboarding/", apis.MyOnboardingApi.as_view(), name="api_me_onboarding"),
    path(
        "me/onboarding/screening/",
        apis.MyScreeningApi.as_view(),
        name="api_me_onboarding_screening",
    ),
    path(
        "me/onboarding/statement/",
        apis.MyOnboardingStatementApi.as_view(),
        name="api_me_onboarding_statement",
    ),
    path(
        "me/onboarding/baseline/",
        apis.MyOnboardingBaselineApi.as_view(),
        name="api_me_onboarding_baseline",
    ),
    path("me/consent/", apis.MyConsentApi.as_view(), name="api_me_consent"),
    path(
        "me/consent/withdraw/", apis.MyConsentWithdrawApi.as_view(), name="api_me_consent_withdraw"
    ),
]
