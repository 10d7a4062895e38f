# nothing here

# or here
