"""Privacy on the public pages (Law 91/2025/QH15, Decree 356/2025/NĐ-CP).

- the short notice shown on the rating page and the kiosk
  (``satisfaction.privacy.notice._public_values``);
- ``/satisfaction/privacy``: the full notices, read-only (``?notice=<id>``
  shows one version, also an archived one: what a citizen was shown);
- ``/r/<token>/withdraw``: POST only, protected by the link's form token
  (no session, like the rating page) and rate-limited; the citizen of the
  link withdraws their consents (no more reminders, no contact after a low
  rating). Unknown and expired links get the same neutral 404 page as the
  rating page.
"""

from odoo import http
from odoo.http import request

from ..models.satisfaction_privacy_notice import NOTICE_URL
from . import rate_limit
from .main import SatisfactionPageMixin


class SatisfactionPrivacyPage(SatisfactionPageMixin, http.Controller):
    @http.route(NOTICE_URL, type="http", auth="public", methods=["GET"], sitemap=False)
    def satisfaction_privacy_notice(self, notice=None, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        limited = rate_limit.check(None, "privacy")
        if limited:
            return limited
        Notice = request.env["satisfaction.privacy.notice"].sudo()
        if notice:
            try:
                notices = Notice.with_context(active_test=False).browse(int(notice))
                notices = notices.exists()
            except (TypeError, ValueError):
                notices = Notice
            if not notices:
                return self._satisfaction_render(
                    "satisfaction_survey.public_page_invalid", prefs, status=404
                )
        else:
            notices = Notice._latest(Notice.search([]))
        return self._satisfaction_render(
            "satisfaction_survey.public_page_privacy",
            prefs,
            {
                "notices": notices,
                "privacy": request.env["satisfaction.privacy.notice"]._public_values(),
            },
        )

    @http.route(
        "/r/<string:token>/withdraw",
        type="http",
        auth="public",
        methods=["POST"],
        sitemap=False,
        # no session, as the rating page: its form token instead of Odoo's CSRF
        csrf=False,
        save_session=False,
    )
    def satisfaction_withdraw(self, token, **kw):
        prefs = self._satisfaction_page_prefs(kw)
        limited = rate_limit.check(token)
        if limited:
            return limited
        request_sudo = request.env["satisfaction.request"]._get_by_token(token)
        if not request_sudo:
            return self._satisfaction_render(
                "satisfaction_survey.public_page_invalid", prefs, status=404
            )
        if not self._satisfaction_form_token_ok(token, kw):
            return self._satisfaction_render(
                "satisfaction_survey.public_page_bad_request", prefs, status=400
            )
        request_sudo._withdraw_contact("web")
        return self._satisfaction_render(
            "satisfaction_survey.public_page_withdrawn",
            prefs,
            {"privacy": request.env["satisfaction.privacy.notice"]._public_values()},
        )
