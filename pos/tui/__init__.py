"""The Textual cashier and manager app: screens, widgets and dialogs (the only home of textual)."""
