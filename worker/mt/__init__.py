"""Machine translation on Argos Translate packages (CTranslate2 + SentencePiece)."""
