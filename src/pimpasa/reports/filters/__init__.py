"""List filters shared by the HTML lists, the API and exports."""
