"""Password rules of a government system (GB/T 22239-2019, 8.1.4.1 a: 口令复杂度).

Django's validators give length, similarity to the user's attributes, the common-password list
and "not only digits"; this one adds complexity: three of the four classes upper case, lower
case, digits and other characters.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (str.isupper, str.islower, str.isdigit)


def character_classes(password: str) -> int:
    classes = {index for ch in password for index, test in enumerate(CLASSES) if test(ch)}
    if any(not (ch.isupper() or ch.islower() or ch.isdigit()) for ch in password):
        classes.add(len(CLASSES))
    return len(classes)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、符号中的%(n)d类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须至少包含大写字母、小写字母、数字、符号中的%(n)d类。") % {"n": self.min_classes}
