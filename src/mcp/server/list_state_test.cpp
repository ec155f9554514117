// list_state: fingerprints, the activation document, the catalog and what a session has not been told.
#include <mcp/server/list_state.hpp>

#include <gtest/gtest.h>

namespace mcp::detail {
namespace {

definitions tools(std::vector<std::pair<std::string, std::string>> named) {
    definitions d;
    for (auto& [name, description] : named)
        d.items[0].emplace_back(name, boost::json::object{{"name", name}, {"description", description}});
    return d;
}

std::string tools_fingerprint(definitions const& d, activation const& a = {}) {
    return build_catalog(d, a, 0).fingerprints.at("tools");
}

TEST(list_fingerprint, IsStableAcrossBuildsAndProcesses) {
    // Pinned: instances of one fleet, and builds of one version, must agree on it.
    EXPECT_EQ(tools_fingerprint(tools({{"add", "Add"}, {"sub", "Subtract"}})), "cdcc2aee6e30f8d1");
}

TEST(list_fingerprint, DoesNotDependOnRegistrationOrder) {
    EXPECT_EQ(tools_fingerprint(tools({{"add", "Add"}, {"sub", "Subtract"}})),
              tools_fingerprint(tools({{"sub", "Subtract"}, {"add", "Add"}})));
}

TEST(list_fingerprint, ChangesWithADefinitionANameOrTheActiveSet) {
    auto base = tools_fingerprint(tools({{"add", "Add"}, {"sub", "Subtract"}}));
    EXPECT_NE(base, tools_fingerprint(tools({{"add", "Add two"}, {"sub", "Subtract"}})));
    EXPECT_NE(base, tools_fingerprint(tools({{"add", "Add"}, {"minus", "Subtract"}})));
    activation off;
    off.of(list_kind::tools)["sub"] = false;
    EXPECT_EQ(tools_fingerprint(tools({{"add", "Add"}, {"sub", "Subtract"}}), off),
              tools_fingerprint(tools({{"add", "Add"}})));
}

TEST(list_fingerprint, AResourceAndATemplateOfOneNameDiffer) {
    definitions as_resource, as_template;
    as_resource.items[2].emplace_back("x://a", boost::json::object{{"uri", "x://a"}});
    as_template.items[3].emplace_back("x://a", boost::json::object{{"uri", "x://a"}});
    EXPECT_NE(build_catalog(as_resource, {}, 0).fingerprints.at("resources"),
              build_catalog(as_template, {}, 0).fingerprints.at("resources"));
}

TEST(list_activation, RoundTripsThroughTheStoredDocument) {
    activation a;
    a.of(list_kind::tools)["add"] = false;
    a.of(list_kind::resource_templates)["x://{id}"] = true;
    auto doc = to_document(a, {{"tools", "00ff"}});
    EXPECT_EQ(doc.at("tools").at("fingerprint"), "00ff");
    auto back = activation_from(doc);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->of(list_kind::tools), a.of(list_kind::tools));
    EXPECT_EQ(back->of(list_kind::resource_templates), a.of(list_kind::resource_templates));
    EXPECT_TRUE(back->of(list_kind::prompts).empty());
}

TEST(list_activation, ADocumentOfAnotherShapeIsRefused) {
    EXPECT_FALSE(activation_from(boost::json::parse(R"({"tools":{"active":{"add":"yes"}}})").as_object()));
    EXPECT_FALSE(activation_from(boost::json::parse(R"({"tools":[]})").as_object()));
    EXPECT_TRUE(activation_from(boost::json::object{})); // never written: nothing set
}

TEST(list_catalog, StoredActivationWinsOverStartInactiveAndUnknownNamesAreIgnored) {
    auto d = tools({{"add", "Add"}, {"secret", "S"}});
    d.start_inactive[0].insert("secret");
    EXPECT_FALSE(build_catalog(d, {}, 0).active(list_kind::tools, "secret"));
    activation a;
    a.of(list_kind::tools)["secret"] = true;
    a.of(list_kind::tools)["from_a_newer_build"] = true;
    auto c = build_catalog(d, a, 7);
    EXPECT_TRUE(c.active(list_kind::tools, "secret"));
    EXPECT_FALSE(c.active(list_kind::tools, "from_a_newer_build"));
    EXPECT_EQ(c.revision, 7);
}

TEST(list_unseen, NamesOnlyTheChannelsThatDifferAndAFilterSeesPerSession) {
    auto c = build_catalog(tools({{"add", "Add"}, {"pay", "Pay"}}), {}, 0);
    boost::json::object seen;
    for (auto channel : all_channels) seen[channel] = c.fingerprints.at(std::string(channel));
    boost::json::object state;
    protocol::implementation client{"c", "1"};
    session_view view{"s1", state, client};
    EXPECT_TRUE(unseen_channels(c, seen, nullptr, view).empty());
    visibility_filter no_pay = [](listed_item const& i, session_view const& s) {
        return i.name != "pay" || s.state.contains("paid");
    };
    auto unseen = unseen_channels(c, seen, no_pay, view);
    ASSERT_EQ(unseen.size(), 1u);
    EXPECT_EQ(unseen[0].first, "tools");
    state["paid"] = true;
    EXPECT_TRUE(unseen_channels(c, seen, no_pay, view).empty()) << "sees everything again";
}

} // namespace
} // namespace mcp::detail
