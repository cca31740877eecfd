#include "cli.h"

int main(int argc, char** argv) { return latentecho::cli::run(argc, argv); }
