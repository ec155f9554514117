// The official JSON Schema Test Suite (json-schema-org/JSON-Schema-Test-Suite) against schema_validator:
// every required case of draft2020-12 and draft7 must pass; the optional ones (optional/: formats, bignums,
// ECMA-262 regex corners, ...) are counted and reported without failing. Its remotes (served at
// http://localhost:1234/ by the suite's own runners) and the meta-schemas are registered with compile:
// nothing is fetched.
#include <mcp/json/schema_validator.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using mcp::json::schema_documents;
using mcp::json::schema_validator;

fs::path const suite_root = MCP_JSON_SCHEMA_TEST_SUITE;
fs::path const metaschemas_root = MCP_JSON_SCHEMA_METASCHEMAS;

// Required cases not run, each with its reason. Empty: every required case runs.
struct skipped_case {
    std::string_view file, group, test, reason;
};
constexpr std::array<skipped_case, 0> skipped{};

boost::json::value read_json(fs::path const& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return boost::json::parse(text.str());
}

std::vector<fs::path> json_files(fs::path const& dir, bool recursive) {
    std::vector<fs::path> out;
    auto add = [&](fs::directory_entry const& e) {
        if (e.is_regular_file() && e.path().extension() == ".json")
            out.push_back(e.path());
    };
    if (recursive)
        for (auto const& e : fs::recursive_directory_iterator(dir))
            add(e);
    else
        for (auto const& e : fs::directory_iterator(dir))
            add(e);
    std::sort(out.begin(), out.end());
    return out;
}

schema_documents const& documents() {
    static schema_documents const docs = [] {
        schema_documents d;
        for (auto const& file : json_files(suite_root / "remotes", true))
            d.emplace("http://localhost:1234/" + fs::relative(file, suite_root / "remotes").generic_string(),
                      read_json(file));
        for (auto const& file : json_files(metaschemas_root, true)) {
            auto doc = read_json(file);
            std::string const id(doc.at("$id").as_string());
            d.emplace(id, std::move(doc));
        }
        return d;
    }();
    return docs;
}

struct tally {
    int passed = 0, failed = 0, skipped = 0;
    std::vector<std::string> failures;

    void add(tally const& t) {
        passed += t.passed, failed += t.failed, skipped += t.skipped;
        failures.insert(failures.end(), t.failures.begin(), t.failures.end());
    }
    int total() const { return passed + failed + skipped; }
};

bool is_skipped(std::string const& file, std::string_view group, std::string_view test) {
    return std::any_of(skipped.begin(), skipped.end(), [&](skipped_case const& s) {
        return file.ends_with(s.file) && s.group == group && s.test == test;
    });
}

// The draft7 directory's schemas do not say their dialect (the suite's runners pick it per directory).
boost::json::value with_dialect(boost::json::value schema, std::string_view dialect) {
    if (!dialect.empty() && schema.is_object() && !schema.as_object().contains("$schema"))
        schema.as_object()["$schema"] = dialect;
    return schema;
}

void run_group(std::string const& file, boost::json::object const& group, std::string_view dialect,
               tally& t) {
    std::string_view const name = group.at("description").as_string();
    auto const compiled = schema_validator::compile(with_dialect(group.at("schema"), dialect), documents());
    for (auto const& test_value : group.at("tests").as_array()) {
        auto const& test = test_value.as_object();
        std::string_view const test_name = test.at("description").as_string();
        if (is_skipped(file, name, test_name)) {
            ++t.skipped;
            continue;
        }
        bool const expected = test.at("valid").as_bool();
        std::optional<std::string> const problem =
            compiled ? compiled->validate(test.at("data"))
                     : std::optional<std::string>("compile: " + compiled.error());
        if (!problem == expected) {
            ++t.passed;
            continue;
        }
        ++t.failed;
        t.failures.push_back(file + " | " + std::string(name) + " | " + std::string(test_name) +
                             ": expected " + (expected ? "valid, got " + *problem : "invalid, got valid"));
    }
}

tally run_files(std::vector<fs::path> const& files, std::string_view dialect) {
    tally all;
    for (auto const& file : files) {
        std::string const name = fs::relative(file, suite_root).generic_string();
        boost::json::value const groups = read_json(file);
        for (auto const& group : groups.as_array())
            run_group(name, group.as_object(), dialect, all);
    }
    return all;
}

void expect_suite_present() {
    ASSERT_TRUE(fs::is_directory(suite_root / "tests"))
        << "the JSON Schema Test Suite is not at " << suite_root
        << " (expected beside the repository, in "
           "../shared/reference/json-schema-test-suite)";
    ASSERT_TRUE(fs::is_directory(metaschemas_root)) << "the meta-schemas are not at " << metaschemas_root;
}

void expect_required_cases_pass(std::string const& draft, std::string_view dialect) {
    expect_suite_present();
    tally const t = run_files(json_files(suite_root / "tests" / draft, false), dialect);
    std::cout << draft << " required: " << t.passed << " passed, " << t.failed << " failed, " << t.skipped
              << " skipped, of " << t.total() << "\n";
    for (auto const& f : t.failures)
        ADD_FAILURE() << f;
    EXPECT_GT(t.passed, 0);
}

TEST(JsonSchemaTestSuite, Draft2020_12RequiredCasesAllPass) {
    expect_required_cases_pass("draft2020-12", "");
}

TEST(JsonSchemaTestSuite, Draft7RequiredCasesAllPass) {
    expect_required_cases_pass("draft7", "http://json-schema.org/draft-07/schema#");
}

TEST(JsonSchemaTestSuite, SkipListNamesOnlyRealCases) {
    for (auto const& s : skipped)
        EXPECT_TRUE(fs::exists(suite_root / s.file)) << s.file << " (skipped because " << s.reason << ")";
}

// Optional cases are reported, not required: formats are annotations here, bignums are doubles, and RE2 is
// not ECMA-262 in every corner. Set MCP_SCHEMA_SUITE_VERBOSE=1 to list the failing optional cases.
TEST(JsonSchemaTestSuite, OptionalCasesAreReported) {
    expect_suite_present();
    for (std::string const draft : {"draft2020-12", "draft7"}) {
        std::string_view const dialect = draft == "draft7" ? "http://json-schema.org/draft-07/schema#" : "";
        tally all;
        for (auto const& file : json_files(suite_root / "tests" / draft / "optional", true)) {
            tally const t = run_files({file}, dialect);
            std::cout << "  " << fs::relative(file, suite_root).generic_string() << ": " << t.passed << "/"
                      << t.total() << "\n";
            all.add(t);
        }
        std::cout << draft << " optional: " << all.passed << " passed of " << all.total() << "\n";
        if (std::getenv("MCP_SCHEMA_SUITE_VERBOSE"))
            for (auto const& f : all.failures)
                std::cout << "    " << f << "\n";
        EXPECT_GT(all.total(), 0);
    }
}

} // namespace
