#include <iostream>

#include "daemon/app.h"

int main(int argc, char** argv) {
  return fristvakt::RunCommandLine(argc, argv, std::cout, std::cerr);
}
