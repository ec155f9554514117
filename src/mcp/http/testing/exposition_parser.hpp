// For tests of the /metrics endpoint: a strict reader of the Prometheus text exposition format 0.0.4. It
// refuses what a scraper would refuse or misread (a sample before its TYPE, a family split in two, a bad
// name, label or value, a duplicate series, a histogram whose buckets are not cumulative or whose +Inf bucket
// is not its count), so a test that reads through it checks the grammar as well as the numbers.
#pragma once

#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::http::testing {

class exposition {
public:
    // Throws std::runtime_error naming the line for anything out of the format.
    explicit exposition(std::string_view text) {
        if (!text.empty() && text.back() != '\n')
            fail(0, "the text must end with a line feed");
        std::size_t number = 0;
        while (!text.empty()) {
            auto const end = text.find('\n');
            line(text.substr(0, end), ++number);
            text.remove_prefix(end + 1);
        }
        for (auto const& [family, type] : types_)
            if (type == "histogram")
                check_histogram(family);
    }

    // A series' value by its key: the name, then the labels sorted by name: name{a="1",b="2"}.
    double at(std::string const& key) const {
        auto found = samples_.find(key);
        if (found == samples_.end())
            throw std::out_of_range("no series " + key);
        return found->second;
    }
    bool has(std::string const& key) const { return samples_.count(key) != 0; }
    std::string type_of(std::string const& family) const {
        return types_.count(family) ? types_.at(family) : "";
    }
    std::map<std::string, double> const& samples() const { return samples_; }

private:
    using labels = std::map<std::string, std::string>;

    [[noreturn]] static void fail(std::size_t number, std::string const& why) {
        throw std::runtime_error("exposition line " + std::to_string(number) + ": " + why);
    }
    static bool name_char(char c, bool first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
               (!first && c >= '0' && c <= '9');
    }
    static std::size_t name_length(std::string_view s) {
        std::size_t i = 0;
        while (i < s.size() && name_char(s[i], i == 0))
            ++i;
        return i;
    }
    static std::string key_of(std::string const& name, labels const& l) {
        if (l.empty())
            return name;
        std::string key = name + "{";
        for (auto const& [k, v] : l)
            key += (key.back() == '{' ? "" : ",") + k + "=\"" + v + "\"";
        return key + "}";
    }
    // The family a sample belongs to: a histogram's _bucket, _sum and _count belong to it.
    std::string family_of(std::string const& name) const {
        for (std::string_view suffix : {"_bucket", "_sum", "_count"})
            if (name.size() > suffix.size() && name.ends_with(suffix)) {
                auto base = name.substr(0, name.size() - suffix.size());
                if (type_of(base) == "histogram")
                    return base;
            }
        return name;
    }

    void line(std::string_view l, std::size_t number) {
        if (l.starts_with("# HELP ") || l.starts_with("# TYPE "))
            return comment(l, number);
        if (l.empty() || l.front() == '#')
            fail(number, "blank or unknown comment line");
        sample(l, number);
    }

    void comment(std::string_view l, std::size_t number) {
        bool const help = l.starts_with("# HELP ");
        l.remove_prefix(7);
        auto n = name_length(l);
        if (n == 0 || n >= l.size() || l[n] != ' ')
            fail(number, "bad metric name in a comment");
        std::string name(l.substr(0, n));
        auto rest = std::string(l.substr(n + 1));
        if (help) {
            if (!helped_.insert(name).second)
                fail(number, "second HELP for " + name);
            return;
        }
        static std::set<std::string> const known = {"counter", "gauge", "histogram", "summary", "untyped"};
        if (!known.count(rest))
            fail(number, "unknown type " + rest);
        if (types_.count(name) || seen_families_.count(name))
            fail(number, "TYPE for " + name + " after its samples or twice");
        types_[name] = rest;
    }

    void sample(std::string_view l, std::size_t number) {
        auto n = name_length(l);
        if (n == 0)
            fail(number, "bad metric name");
        std::string name(l.substr(0, n));
        l.remove_prefix(n);
        labels found;
        if (!l.empty() && l.front() == '{')
            read_labels(l, found, number);
        if (l.size() < 2 || l.front() != ' ')
            fail(number, "no value");
        auto value = value_of(std::string(l.substr(1)), number);
        auto family = family_of(name);
        if (!types_.count(family))
            fail(number, "sample of " + family + " before its TYPE");
        if (family != current_family_ && !seen_families_.insert(family).second)
            fail(number, "family " + family + " is split");
        current_family_ = family;
        seen_families_.insert(family);
        auto key = key_of(name, found);
        if (!samples_.emplace(key, value).second)
            fail(number, "duplicate series " + key);
        ordered_.push_back({name, found, value});
    }

    static void read_labels(std::string_view& l, labels& out, std::size_t number) {
        l.remove_prefix(1);
        while (!l.empty() && l.front() != '}') {
            auto n = name_length(l);
            if (n == 0 || l.substr(0, n).find(':') != std::string_view::npos || l.size() < n + 2 ||
                l.substr(n, 2) != "=\"")
                fail(number, "bad label");
            std::string label(l.substr(0, n));
            l.remove_prefix(n + 2);
            std::string value;
            while (!l.empty() && l.front() != '"') {
                if (l.front() == '\n')
                    fail(number, "raw line feed in a label value");
                if (l.front() == '\\') {
                    if (l.size() < 2 || (l[1] != '\\' && l[1] != '"' && l[1] != 'n'))
                        fail(number, "bad escape in a label value");
                    value += l[1] == 'n' ? '\n' : l[1];
                    l.remove_prefix(2);
                } else {
                    value += l.front();
                    l.remove_prefix(1);
                }
            }
            if (l.empty())
                fail(number, "unterminated label value");
            l.remove_prefix(1);
            if (!out.emplace(label, value).second)
                fail(number, "label " + label + " twice");
            if (!l.empty() && l.front() == ',')
                l.remove_prefix(1);
        }
        if (l.empty())
            fail(number, "unterminated labels");
        l.remove_prefix(1);
    }

    static double value_of(std::string const& text, std::size_t number) {
        if (text == "+Inf")
            return INFINITY;
        if (text == "-Inf")
            return -INFINITY;
        if (text == "NaN")
            return NAN;
        char* end = nullptr;
        double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() ||
            text.find_first_of("xXpP ") != std::string::npos)
            fail(number, "bad value '" + text + "'");
        return v;
    }

    // Per label set (le aside): le ascending, counts not decreasing, +Inf last and equal to _count.
    void check_histogram(std::string const& family) const {
        std::map<labels, std::vector<std::pair<double, double>>> buckets;
        for (auto const& s : ordered_) {
            if (s.name != family + "_bucket")
                continue;
            auto others = s.set;
            if (!others.count("le"))
                fail(0, family + "_bucket without le");
            double le = value_of(others.at("le"), 0);
            others.erase("le");
            buckets[others].push_back({le, s.value});
        }
        for (auto const& [others, series] : buckets) {
            for (std::size_t i = 1; i < series.size(); ++i)
                if (series[i].first <= series[i - 1].first || series[i].second < series[i - 1].second)
                    fail(0, family + ": buckets not ascending or not cumulative");
            if (series.empty() || !std::isinf(series.back().first))
                fail(0, family + ": no +Inf bucket");
            if (at(key_of(family + "_count", others)) != series.back().second)
                fail(0, family + ": the +Inf bucket is not the count");
            (void)at(key_of(family + "_sum", others));
        }
    }

    struct parsed {
        std::string name;
        labels set;
        double value;
    };
    std::map<std::string, std::string> types_;
    std::set<std::string> helped_;
    std::set<std::string> seen_families_;
    std::string current_family_;
    std::map<std::string, double> samples_;
    std::vector<parsed> ordered_;
};

} // namespace mcp::http::testing
