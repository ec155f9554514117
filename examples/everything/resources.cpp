// The conformance suite's resources (scenarios resources-*): a text and a binary resource, a URI template,
// the resources the tools embed, and test://watched-resource, which changes on a timer for subscribers.
#include "everything.hpp"

#include <condition_variable>
#include <mutex>

namespace everything {

mcp::resource_contents embedded_resource_contents() {
    return {.uri = "test://embedded-resource",
            .mime_type = "text/plain",
            .text = "This is an embedded resource content."};
}

mcp::resource_contents mixed_content_resource_contents() {
    return {.uri = "test://mixed-content-resource",
            .mime_type = "application/json",
            .text = R"({"test":"data","value":123})"};
}

namespace {

std::string static_text() {
    return "This is the content of the static text resource.";
}

mcp::resource_contents static_binary() {
    return {.blob = std::string(red_pixel_png)};
}

struct template_vars {
    std::string id;
};
BOOST_DESCRIBE_STRUCT(template_vars, (), (id))

// {"id":"123","templateTest":true,"data":"Data for ID: 123"}: boost::json keeps insertion order.
std::string template_data(template_vars v) {
    boost::json::object data{{"id", v.id}, {"templateTest", true}, {"data", "Data for ID: " + v.id}};
    return boost::json::serialize(data);
}

} // namespace

void add_resources(mcp::server& srv) {
    srv.add_resource({.uri = "test://static-text",
                      .name = "Static Text Resource",
                      .description = "A static text resource for testing",
                      .mime_type = "text/plain"},
                     static_text);
    srv.add_resource({.uri = "test://static-binary",
                      .name = "Static Binary Resource",
                      .description = "A static binary resource (a PNG image) for testing",
                      .mime_type = "image/png"},
                     static_binary);
    srv.add_resource({.uri = "test://embedded-resource",
                      .name = "Embedded Resource",
                      .description = "The resource test_embedded_resource embeds",
                      .mime_type = "text/plain"},
                     embedded_resource_contents);
    srv.add_resource({.uri = "test://mixed-content-resource",
                      .name = "Mixed Content Resource",
                      .description = "The resource test_multiple_content_types embeds",
                      .mime_type = "application/json"},
                     mixed_content_resource_contents);
    srv.add_resource_template({.uri_template = "test://template/{id}/data",
                               .name = "Template Resource",
                               .description = "A resource template with an id parameter",
                               .mime_type = "application/json"},
                              template_data);
}

watched_resource::watched_resource(mcp::server& srv, std::chrono::milliseconds period) {
    srv.add_resource(
        {.uri = "test://watched-resource",
         .name = "Watched Resource",
         .description = "A resource that changes every few seconds; subscribe to hear of it",
         .mime_type = "text/plain"},
        [this] { return "Watched resource content, version " + std::to_string(version_.load()); });
    ticker_ = std::jthread([this, &srv, period](std::stop_token stop) { tick(stop, srv, period); });
}

void watched_resource::tick(std::stop_token stop, mcp::server& srv, std::chrono::milliseconds period) {
    std::mutex m;
    std::condition_variable_any wake;
    std::unique_lock lock(m);
    while (!wake.wait_for(lock, stop, period, [&] { return stop.stop_requested(); })) {
        ++version_;
        srv.notify_resource_updated("test://watched-resource");
    }
}

} // namespace everything
