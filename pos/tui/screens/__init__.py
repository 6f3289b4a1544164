"""Full screens of the cashier app: login, open shift, sale, refund."""
