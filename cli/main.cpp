#include "cli/app.hpp"

int main(int argc, char** argv) { return mo::cli::run(argc, argv); }
