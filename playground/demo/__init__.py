"""What a demo needs: the script language, video recording and presenter mode."""
