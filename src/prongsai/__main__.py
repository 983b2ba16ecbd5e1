from prongsai.cli import run

run()
