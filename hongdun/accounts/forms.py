from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。注意：连续输错 5 次账户将被锁定 30 分钟。"),
        "inactive": _("该账户已停用，请联系系统管理员。"),
    }
