from xlingual.cli import main

main()
