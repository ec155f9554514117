// The calculator server: the program calculator_test starts to test it as it ships.
#include "calculator.hpp"

int main(int argc, char** argv) {
    auto srv = calculator::make_server();
    return mcp::run(*srv, argc, argv);
}
