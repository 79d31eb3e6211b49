"""A bureau switching a rule on or off and setting its thresholds (a threshold change is a new version)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import WarningRule
from .rules import RULES_BY_CODE


@transaction.atomic
def update_rule(rule: WarningRule, *, acting_user, is_enabled=None, thresholds=None) -> WarningRule:
    rule = WarningRule.objects.select_for_update().get(pk=rule.pk)
    code_rule = RULES_BY_CODE[rule.code]
    if thresholds is not None:
        if not isinstance(thresholds, dict):
            raise ValidationError({"thresholds": ["阈值应为对象。"]})
        unknown = set(thresholds) - set(code_rule.defaults)
        if unknown:
            raise ValidationError({"thresholds": [f"该规则没有阈值：{'、'.join(sorted(unknown))}"]})
        cleaned = dict(rule.thresholds)
        for key, value in thresholds.items():
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                raise ValidationError({"thresholds": [f"“{code_rule.threshold_labels.get(key, key)}”应为数字。"]}) from None
            if number <= 0 or not number.is_finite():
                raise ValidationError({"thresholds": [f"“{code_rule.threshold_labels.get(key, key)}”应大于0。"]})
            cleaned[key] = int(number) if number == number.to_integral_value() else float(number)
        if cleaned != rule.thresholds:
            rule.thresholds = cleaned
            rule.version += 1  # what the rule checks changed: records are checked afresh under the new version
            rule.description = code_rule.describe(cleaned)
    if is_enabled is not None:
        rule.is_enabled = bool(is_enabled)
    rule.updated_by = acting_user
    rule.save()
    return rule
