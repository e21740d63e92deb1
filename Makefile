# Shortcuts for the scripts; the scripts are the source of truth (README).
.PHONY: demo test build format
demo:
	./scripts/demo.sh
test:
	./scripts/test.sh
build:
	cmake -S . -B build && cmake --build build -j$$(nproc)
format:
	./scripts/check-format.sh --fix
