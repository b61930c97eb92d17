from sobes.cli import main

main()
