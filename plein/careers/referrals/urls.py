from django.urls import path

from plein.careers.referrals import views

app_name = "referrals"
urlpatterns = [
    path("referrals/new/", views.referral_create, name="create"),
    path("referrals/mine/", views.referral_mine, name="mine"),
    path("referrals/hr/", views.referral_hr, name="hr"),
    path(
        "referrals/<int:referral_id>/details/",
        views.referral_details,
        name="details",
    ),
    path("referrals/<int:referral_id>/", views.referral_detail, name="detail"),
    path("referrals/<int:referral_id>/status/", views.referral_status, name="status"),
    path("referrals/<int:referral_id>/reward/", views.referral_reward, name="reward"),
    path(
        "referrals/<int:referral_id>/candidate/",
        views.referral_candidate,
        name="candidate",
    ),
    path("referrals/<int:referral_id>/share/", views.referral_share, name="share"),
    path("referrals/<int:referral_id>/erase/", views.referral_erase, name="erase"),
    path("referrals/<int:referral_id>/resend/", views.referral_resend, name="resend"),
    path("referrals/<int:referral_id>/pool/", views.referral_pool_add, name="pool-add"),
    path("referrals/<int:referral_id>/cv/", views.referral_cv, name="cv"),
    path("referrals/shares/<int:share_id>/end/", views.share_end, name="share-end"),
    path("referrals/passports/", views.passport_list, name="passports"),
    path("referrals/passports/<int:share_id>/", views.passport_detail, name="passport"),
    path(
        "referrals/passports/<int:share_id>/cv/", views.passport_cv, name="passport-cv"
    ),
    path("referrals/pools/", views.pool_list, name="pools"),
    path("referrals/pools/<int:pool_id>/", views.pool_detail, name="pool"),
    path("referrals/mobility/", views.mobility, name="mobility"),
    path(
        "referrals/vacancies/<int:vacancy_id>/suggestions/",
        views.vacancy_suggestions,
        name="suggestions",
    ),
    path("jobs/<int:post_id>/apply/", views.public_apply, name="public-apply"),
    path("candidate/<str:token>/", views.consent_page, name="consent"),
    path("candidate/<str:token>/data.json", views.consent_data, name="consent-data"),
]
