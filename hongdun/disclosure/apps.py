from django.utils.translation import gettext_lazy as _

from hongdun.core import app_config


class DisclosureConfig(app_config.ScopedAppConfig):
    name = "hongdun.disclosure"
    label = "disclosure"
    verbose_name = _("企业信息公示")

    def ready(self) -> None:
        super().ready()
        # The annual reports' section of the enterprise's public record (page, PDF, API).
        from hongdun.disclosure.public_reports import register_section

        register_section()
        # The public record's section 即时信息 (hongdun.enterprises.public_sections).
        from hongdun.disclosure.immediate_public import register_section as register_immediate

        register_immediate()
        # The filing-progress tally follows registrations and status changes reaching back into
        # a counted year (hongdun/disclosure/tally.py).
        from hongdun.disclosure.tally import tally_enterprise_changed
        from hongdun.enterprises.hooks import enterprise_changed

        enterprise_changed.register(tally_enterprise_changed)
