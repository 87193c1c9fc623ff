"""tiktui's terminal front end (Textual). The only package that imports textual."""
