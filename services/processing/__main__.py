from motcua.command_server import run

run("processing")
