// Private to the Streamable HTTP transport: the authorization flow of oauth.hpp for one server URL. The
// transport asks for the current token before each request and hands over each 401 and 403 it gets; the
// authorizer refreshes or authorizes and the transport sends the request again.
//
// Lives on the transport's executor; held by the transport's shared state, so a flow in progress keeps it
// alive. One flow at a time: a request challenged while another request's flow runs waits for it and then
// uses its token.
#pragma once

#include <mcp/client/http_link.hpp>
#include <mcp/client/oauth.hpp>
#include <mcp/client/oauth_core.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/experimental/channel.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcp::transport::oauth {

// What discovery found: the protected resource and its authorization server.
struct discovery {
    std::string resource; // from the protected-resource metadata, checked against the server URL
    boost::json::value scopes_supported; // the protected-resource metadata's, null when absent
    std::string issuer;
    boost::json::object metadata; // the authorization server's
};

// The client_id and how it authenticates at the token endpoint.
struct client_identity {
    std::string client_id;
    std::string client_secret;
    std::string auth_method;
};

class authorizer {
public:
    authorizer(authorization_options options, std::string server_url, boost::asio::any_io_executor ex);

    // Before a request: the stored token (loaded once), refreshed first when it has expired and can be.
    task<> prepare();
    // "Bearer <token>" when there is a token; `generation` tells a later challenged() which token it refused.
    std::optional<std::string> header() const;
    std::uint64_t generation() const { return generation_; }

    // The answer to a request sent with token `generation` was `status` (401 or 403) with this
    // WWW-Authenticate. Gets a new token: another flow's, a refresh (once per request), or a new
    // authorization (at most options.max_authorizations per request; `tried` counts them). Errors (protocol
    // code unauthenticated or forbidden) say which step failed and why; the caller gives up the request.
    struct attempts {
        int authorizations = 0;
        bool refreshed = false;
    };
    task<result<>> challenged(unsigned status, std::optional<std::string> www_authenticate,
                              std::uint64_t sent_with, attempts& tried);

private:
    task<result<>> authorize(bearer_challenge const& challenge, bool step_up);
    task<result<>> refresh();
    std::string scope_for(bearer_challenge const& c, bool step_up, discovery const& found) const;
    task<result<client_identity>> identify(discovery const& found);
    task<result<client_identity>> register_dynamically(discovery const& found, std::string const& endpoint);
    task<result<>> request_token(std::vector<std::pair<std::string, std::string>> fields,
                                 client_identity const& client, std::string const& token_endpoint,
                                 std::string scope);
    task<result<>> keep(boost::json::object const& answer, client_identity const& client,
                        std::string const& token_endpoint, std::string scope);

    authorization_options options_;
    std::string server_url_;
    boost::asio::any_io_executor ex_;
    std::shared_ptr<token_store> store_;
    std::optional<token_set> tokens_;
    bool loaded_ = false;
    std::uint64_t generation_ = 0;
    std::optional<discovery> found_;
    std::string found_from_; // the resource_metadata URL found_ came from (empty: the well-known ones)
    std::optional<client_identity> client_;
    std::string client_issuer_;
    std::string last_scope_; // what the last authorization asked for, for a step-up's union
    // A lock of one: a flow holds it (a value in the channel) while it runs.
    boost::asio::experimental::channel<void(boost::system::error_code)> busy_;
};

// One request to `url` on a connection of its own, reading at most `limit` bytes of answer; no redirects
// followed. Errors: the URL, the connection, or an answer over the limit.
struct fetched {
    unsigned status = 0;
    std::string location;
    std::string content_type;
    std::vector<std::string> set_cookies; // every Set-Cookie header, for the headless user agent
    std::string body;
};
task<result<fetched>> fetch(std::string_view method, std::string const& url, header_list headers,
                            std::string body, std::size_t limit, http_link_options const& link);
// The JSON object of a 200 answer; errors name `what` ("the token endpoint's answer") and what was wrong.
result<boost::json::object> json_object_of(fetched const& answer, std::string_view what);

// Protected-resource metadata and then the authorization server's (oauth_discovery.cpp). Errors say which
// document could not be had, and why.
task<result<discovery>> discover(std::string const& server_url, std::string const& resource_metadata_url,
                                 authorization_options const& options);

} // namespace mcp::transport::oauth
