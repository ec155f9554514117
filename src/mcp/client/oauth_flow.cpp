// The client's authorization flow for one server (oauth_flow.hpp): challenges, refresh, client registration,
// the authorization code with PKCE and the token request. Discovery and fetching are in oauth_discovery.cpp.
#include <mcp/client/oauth_flow.hpp>

#include <mcp/client/oauth_core.hpp>
#include <mcp/core/log.hpp>
#include <mcp/json/bytes.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace mcp::transport::oauth {

namespace asio = boost::asio;

namespace {

using form = std::vector<std::pair<std::string, std::string>>;

error failed(std::string what) {
    return error::unauthenticated("authorization: " + std::move(what));
}

std::string string_member(boost::json::object const& o, std::string_view key) {
    auto const* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// RFC 6749 section 2.3.1: the client's credentials as the registered method wants them.
void authenticate(client_identity const& client, form& fields, header_list& headers) {
    if (client.auth_method == "client_secret_basic") {
        auto pair = form_component(client.client_id) + ":" + form_component(client.client_secret);
        headers.emplace_back("Authorization", "Basic " + json::base64_encode(pair));
        return;
    }
    fields.emplace_back("client_id", client.client_id);
    if (client.auth_method == "client_secret_post")
        fields.emplace_back("client_secret", client.client_secret);
}

// An error answer of the token or registration endpoint: its error code and description (RFC 6749 section
// 5.2), never the request.
std::string refusal(fetched const& answer) {
    auto object = json_object_of(answer, "the answer");
    std::string what = "HTTP " + std::to_string(answer.status);
    if (object) {
        if (auto e = string_member(*object, "error"); !e.empty())
            what += ", " + e;
        if (auto d = string_member(*object, "error_description"); !d.empty())
            what += " (" + d + ")";
    }
    return what;
}

// The authorization request's parameters (RFC 6749 section 4.1.1 with PKCE, RFC 7636 section 4.3).
form authorization_query(std::string const& client_id, std::string const& redirect_uri, std::string const& verifier,
                         std::string const& state, std::string const& scope) {
    form query{{"response_type", "code"},
               {"client_id", client_id},
               {"redirect_uri", redirect_uri},
               {"code_challenge", pkce_challenge_s256(verifier)},
               {"code_challenge_method", "S256"},
               {"state", state}};
    if (!scope.empty())
        query.emplace_back("scope", scope);
    return query;
}

// Releases the flow lock when the flow ends, however it ends.
struct lock_held {
    asio::experimental::channel<void(boost::system::error_code)>& busy;
    ~lock_held() {
        busy.try_receive([](boost::system::error_code) {});
    }
};

} // namespace

authorizer::authorizer(authorization_options options, std::string server_url, asio::any_io_executor ex)
    : options_(std::move(options)), server_url_(std::move(server_url)), ex_(ex), busy_(ex, 1) {
    store_ = options_.store ? options_.store : std::make_shared<memory_token_store>();
}

std::optional<std::string> authorizer::header() const {
    if (!tokens_ || tokens_->access_token.empty())
        return std::nullopt;
    return "Bearer " + tokens_->access_token;
}

task<> authorizer::prepare() {
    if (!loaded_) {
        loaded_ = true;
        tokens_ = co_await store_->load(server_url_);
        if (tokens_)
            ++generation_;
    }
    auto expired = [this] {
        return tokens_ && tokens_->expires_at && !tokens_->refresh_token.empty() &&
               *tokens_->expires_at <= std::chrono::system_clock::now() + std::chrono::seconds(30);
    };
    if (!expired())
        co_return;
    boost::system::error_code const
        value; // what the lock holds (g++ 12: no brace-init temporary in co_await)
    auto [ec] = co_await busy_.async_send(value, asio::as_tuple(asio::use_awaitable));
    if (ec)
        co_return;
    lock_held held{busy_};
    if (!expired())
        co_return; // another flow refreshed it meanwhile
    if (auto r = co_await refresh(); !r)
        log::info("mcp client: refreshing the expired token for {} failed ({}); the server will ask again",
                  server_url_, r.error().message());
}

task<result<>> authorizer::challenged(unsigned status, std::optional<std::string> www_authenticate,
                                      std::uint64_t sent_with, attempts& tried) {
    auto challenge = www_authenticate ? parse_www_authenticate(*www_authenticate) : std::nullopt;
    bearer_challenge const c = challenge.value_or(bearer_challenge{});
    bool const step_up = status == 403;
    // 2025-11-25 authorization, scope challenge handling: only insufficient_scope asks for another
    // authorization; any other 403 is a refusal no token changes.
    if (step_up && c.error != "insufficient_scope")
        co_return error::forbidden("the server refused the request (HTTP 403" +
                                   (c.error.empty() ? std::string() : ", " + c.error) + ")");
    boost::system::error_code const
        value; // what the lock holds (g++ 12: no brace-init temporary in co_await)
    auto [ec] = co_await busy_.async_send(value, asio::as_tuple(asio::use_awaitable));
    if (ec)
        co_return failed("the transport is closing");
    lock_held held{busy_};
    if (generation_ != sent_with)
        co_return result<>{}; // another flow got a token meanwhile: try that one
    if (!step_up && !tried.refreshed && tokens_ && !tokens_->refresh_token.empty()) {
        tried.refreshed = true;
        auto refreshed = co_await refresh();
        if (refreshed)
            co_return result<>{};
        log::info("mcp client: refreshing the token for {} failed ({}); authorizing again", server_url_,
                  refreshed.error().message());
    }
    if (tried.authorizations >= options_.max_authorizations)
        co_return failed("the server still refuses the request (HTTP " + std::to_string(status) +
                         (c.error.empty() ? std::string() : ", " + c.error) + ") after " +
                         std::to_string(tried.authorizations) + " authorizations; giving up");
    ++tried.authorizations;
    co_return co_await authorize(c, step_up);
}

// 2025-11-25 authorization, scope selection strategy and step-up: the options' scopes when given; on a 403, what
// we asked before and what the challenge names; otherwise the challenge's, else scopes_supported, else none.
std::string authorizer::scope_for(bearer_challenge const& c, bool step_up, discovery const& found) const {
    std::string scope;
    for (auto const& s : options_.scopes)
        scope = scope_union(scope, s);
    if (!scope.empty())
        return scope;
    auto const& had = !last_scope_.empty() || !tokens_ ? last_scope_ : tokens_->scope;
    return step_up ? scope_union(had, c.scope) : select_scope(c.scope, &found.scopes_supported);
}

task<result<>> authorizer::authorize(bearer_challenge const& c, bool step_up) {
    if (!found_ || found_from_ != c.resource_metadata) {
        auto found = co_await discover(server_url_, c.resource_metadata, options_);
        if (!found)
            co_return found.error();
        found_ = std::move(*found);
        found_from_ = c.resource_metadata;
    }
    auto const& found = *found_;
    auto client = co_await identify(found);
    if (!client)
        co_return client.error();
    auto const scope = scope_for(c, step_up, found);
    auto verifier = random_token(32);
    auto state = random_token(16);
    if (!verifier || !state)
        co_return failed("no random bytes for PKCE and state");
    auto query = authorization_query(client->client_id, options_.redirect_uri, *verifier, *state, scope);
    query.emplace_back("resource", found.resource); // RFC 8707, 2025-11-25 authorization, resource parameter
    auto url = with_query(string_member(found.metadata, "authorization_endpoint"), query);
    if (!url)
        co_return url.error();
    auto redirect = co_await options_.open(std::move(*url));
    if (!redirect)
        co_return failed("the user agent did not come back: " + redirect.error().message());
    auto code = code_from_redirect(*redirect, *state);
    if (!code)
        co_return code.error();
    last_scope_ = scope;
    form fields{{"grant_type", "authorization_code"},
                {"code", *code},
                {"redirect_uri", options_.redirect_uri},
                {"code_verifier", *verifier},
                {"resource", found.resource}};
    co_return co_await request_token(std::move(fields), *client,
                                     string_member(found.metadata, "token_endpoint"), scope);
}

task<result<>> authorizer::refresh() {
    auto const t = *tokens_;
    client_identity const client{t.client_id, t.client_secret, t.token_endpoint_auth_method};
    form fields{{"grant_type", "refresh_token"}, {"refresh_token", t.refresh_token}};
    if (!t.resource.empty())
        fields.emplace_back("resource", t.resource);
    co_return co_await request_token(std::move(fields), client, t.token_endpoint, t.scope);
}

task<result<>> authorizer::request_token(form fields, client_identity const& client,
                                         std::string const& token_endpoint, std::string scope) {
    header_list headers{{"Content-Type", "application/x-www-form-urlencoded"},
                        {"Accept", "application/json"}};
    authenticate(client, fields, headers);
    auto answer = co_await fetch("POST", token_endpoint, std::move(headers), form_encode(fields),
                                 options_.max_metadata_bytes, options_.link);
    if (!answer)
        co_return failed("the token endpoint " + token_endpoint + ": " + answer.error().message());
    if (answer->status != 200)
        co_return failed("the token endpoint " + token_endpoint + " refused the " + fields.front().second +
                         " grant: " + refusal(*answer));
    auto object = json_object_of(*answer, "the token endpoint's answer");
    if (!object)
        co_return object.error();
    co_return co_await keep(*object, client, token_endpoint, std::move(scope));
}

task<result<>> authorizer::keep(boost::json::object const& answer, client_identity const& client,
                                std::string const& token_endpoint, std::string scope) {
    token_set t;
    t.access_token = string_member(answer, "access_token");
    auto type = string_member(answer, "token_type");
    std::ranges::transform(type, type.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (t.access_token.empty() || type != "bearer")
        co_return failed("the token endpoint " + token_endpoint + " gave no Bearer access token");
    t.refresh_token = string_member(answer, "refresh_token");
    if (t.refresh_token.empty() && tokens_)
        t.refresh_token = tokens_->refresh_token; // RFC 6749 section 6
    if (auto const* e = answer.if_contains("expires_in"); e && e->is_number())
        t.expires_at = std::chrono::system_clock::now() +
                       std::chrono::seconds(static_cast<std::int64_t>(e->to_number<double>()));
    auto granted = string_member(answer, "scope");
    t.scope = granted.empty() ? std::move(scope) : granted;
    t.token_endpoint = token_endpoint;
    t.resource = found_ ? found_->resource : (tokens_ ? tokens_->resource : "");
    t.client_id = client.client_id;
    t.client_secret = client.client_secret;
    t.token_endpoint_auth_method = client.auth_method;
    tokens_ = t;
    ++generation_;
    co_await store_->save(server_url_, std::move(t));
    co_return result<>{};
}

// 2025-11-25 authorization, client registration approaches, in the order the spec recommends.
task<result<client_identity>> authorizer::identify(discovery const& found) {
    if (client_ && client_issuer_ == found.issuer)
        co_return *client_;
    auto const& reg = options_.registration;
    auto const* supported = found.metadata.if_contains("token_endpoint_auth_methods_supported");
    auto const* cimd = found.metadata.if_contains("client_id_metadata_document_supported");
    auto const endpoint = string_member(found.metadata, "registration_endpoint");
    result<client_identity> chosen = failed(
        "the authorization server " + found.issuer +
        " offers no way for this client to get a client_id (no pre-registered client given, no client ID "
        "metadata document it accepts, no dynamic registration)");
    if (reg.pre_registered) {
        auto const& p = *reg.pre_registered;
        chosen = client_identity{
            p.client_id, p.client_secret,
            auth_method_for(p.token_endpoint_auth_method, !p.client_secret.empty(), supported)};
    } else if (!reg.metadata_document_url.empty() && cimd && *cimd == true) {
        chosen = client_identity{reg.metadata_document_url, "", "none"};
    } else if (reg.dynamic && !endpoint.empty()) {
        chosen = co_await register_dynamically(found, endpoint);
    }
    if (!chosen)
        co_return chosen.error();
    client_ = *chosen;
    client_issuer_ = found.issuer;
    co_return *chosen;
}

// RFC 7591: a public client ("none") when the server accepts one, as a native application is.
task<result<client_identity>> authorizer::register_dynamically(discovery const& found,
                                                               std::string const& endpoint) {
    auto const* supported = found.metadata.if_contains("token_endpoint_auth_methods_supported");
    bool const public_ok =
        supported && supported->is_array() &&
        std::ranges::find(supported->as_array(), boost::json::value("none")) != supported->as_array().end();
    auto metadata = options_.registration.client_metadata;
    if (!metadata.contains("redirect_uris"))
        metadata["redirect_uris"] = boost::json::array{options_.redirect_uri};
    if (!metadata.contains("grant_types"))
        metadata["grant_types"] = boost::json::array{"authorization_code", "refresh_token"};
    if (!metadata.contains("response_types"))
        metadata["response_types"] = boost::json::array{"code"};
    if (!metadata.contains("token_endpoint_auth_method"))
        metadata["token_endpoint_auth_method"] = public_ok ? "none" : auth_method_for("", true, supported);
    header_list headers{{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    auto answer = co_await fetch("POST", endpoint, std::move(headers), boost::json::serialize(metadata),
                                 options_.max_metadata_bytes, options_.link);
    if (!answer)
        co_return failed("dynamic registration at " + endpoint + ": " + answer.error().message());
    if (answer->status != 201 && answer->status != 200)
        co_return failed("dynamic registration at " + endpoint + " was refused: " + refusal(*answer));
    auto object = json_object_of(*answer, "the registration endpoint's answer");
    if (!object)
        co_return object.error();
    client_identity client{string_member(*object, "client_id"), string_member(*object, "client_secret"), ""};
    if (client.client_id.empty())
        co_return failed("dynamic registration at " + endpoint + " gave no client_id");
    client.auth_method = auth_method_for(string_member(*object, "token_endpoint_auth_method"),
                                         !client.client_secret.empty(), supported);
    co_return client;
}

} // namespace mcp::transport::oauth
