from linkage.entry import main

main()
