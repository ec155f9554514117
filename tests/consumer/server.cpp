#include "server.hpp"

int main(int argc, char** argv) {
    auto srv = consumer::make_server();
    return mcp::run(*srv, argc, argv);
}
