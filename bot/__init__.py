"""smartcity-bot: a Telegram assistant about Gerakan Menuju Smart City."""
