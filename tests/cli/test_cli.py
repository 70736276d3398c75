print('CLI tests arrive in the next slice')
