import ArgumentParser
import UsageConvCore

/// The plain conversions (`usageconv dump.json --to csv -o out.csv`), read without
/// argument-parser's reflection.
///
/// argument-parser builds a command's argument set by `Mirror` reflection of every option and
/// group, several times per parse: about 20 M instructions, two thirds of a small conversion's
/// start-up, at every start. A command line that only names inputs and a few everyday options is
/// read here instead, into the same `Convert` value argument-parser would build, then checked by
/// the same `validate()` methods. Anything else (another option, a subcommand's name, help,
/// `--option=value`, an option given twice, a value starting with `-`, a value an option does not
/// take, a failed check) gives `nil`, and argument-parser parses the command line as always, so
/// its messages, help and every option stay as they are. `QuickConvertTests` checks that every
/// command line this accepts is the one argument-parser parses, field for field.
enum QuickConvert {
    /// The options read here, by every name they go by; the value is the name they share.
    static let options: [String: String] = [
        "--to": "--to", "-o": "--output", "--output": "--output", "--merge": "--merge", "--format": "--format",
        "--jobs": "--jobs", "--on-overlap": "--on-overlap", "--memory-limit": "--memory-limit",
    ]

    /// The flags read here; the value is the name they share (`--no-progress` is `--progress`).
    static let flags: [String: String] = [
        "--strict": "--strict", "--lenient": "--lenient", "--progress": "--progress", "--no-progress": "--progress",
    ]

    /// The conversion `arguments` (after the program name) ask for, when they are a plain
    /// conversion that passes its checks; `nil` for argument-parser to parse.
    static func convert(_ arguments: [String]) -> UsageConvCommand.Convert? {
        // A subcommand's name anywhere may be read as that subcommand (or as a typo of one).
        let reserved = Set(UsageConvCommand.subcommandNames + ["help"])
        var inputs: [String] = []
        var values: [String: String] = [:]
        var flagged: [String: Bool] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard !reserved.contains(argument) else { return nil }
            index += 1
            if argument == "-" || !argument.hasPrefix("-") {
                inputs.append(argument)
            } else if let name = flags[argument] {
                guard flagged[name] == nil else { return nil }
                flagged[name] = argument != "--no-progress"
            } else if let name = options[argument], index < arguments.count {
                let value = arguments[index]
                guard values[name] == nil, value == "-" || !value.hasPrefix("-"), !reserved.contains(value) else { return nil }
                values[name] = value
                index += 1
            } else {
                return nil
            }
        }
        var command = UsageConvCommand.Convert()
        command.inputs = inputs
        command.decoding = DecodingOptions(
            quickFormat: values["--format"],
            strict: flagged["--strict"] ?? false,
            lenient: flagged["--lenient"] ?? false
        )
        command.transforms = TransformOptions(quick: ())
        guard let output = OutputOptions(quickTo: values["--to"], output: values["--output"]),
            let batch = BatchOptions(quick: values, progress: flagged["--progress"])
        else { return nil }
        command.output = output
        command.batch = batch
        // The checks argument-parser runs after parsing, each group's and the command's.
        do {
            try command.decoding.input.validate()
            try command.decoding.validate()
            try command.transforms.validate()
            try command.output.rateCard.validate()
            try command.output.validate()
            try command.batch.validate()
            try command.validate()
        } catch {
            return nil
        }
        return command
    }
}

// Every field is set (a field argument-parser would set and this left alone would stop the
// program when read): the defaults are the declarations', which `QuickConvertTests` compares.
extension DecodingOptions {
    /// `--format`, `--strict` and `--lenient` as given, everything else as when not given.
    fileprivate init(quickFormat format: String?, strict: Bool, lenient: Bool) {
        self.init()
        var input = InputOptions()
        input.format = format
        input.strict = strict
        input.maxExpandedSize = nil
        self.input = input
        self.lenient = lenient
        onDuplicate = .last
        resource = nil
        metric = nil
        step = nil
        label = .start
        assumeUnit = nil
    }
}

extension TransformOptions {
    /// No transform: every option as when not given.
    fileprivate init(quick: Void) {
        self.init()
        start = nil
        end = nil
        tz = nil
        fill = .none
        maxGap = nil
        resample = nil
        agg = nil
        unit = nil
    }
}

extension OutputOptions {
    /// `--to` and `-o` as given (`nil` when `--to` names no format), everything else as when not given.
    fileprivate init?(quickTo to: String?, output: String?) {
        self.init()
        self.to = .csv
        if let to {
            guard let format = OutputFormat(argument: to) else { return nil }
            self.to = format
        }
        self.output = output
        time = nil
        influxPrecision = nil
        var rateCard = RateCardOptions()
        rateCard.rates = nil
        self.rateCard = rateCard
        parquetCompression = .zstd
        partitionBy = nil
    }
}

extension BatchOptions {
    /// `--merge`, `--jobs`, `--on-overlap`, `--memory-limit` and `--[no-]progress` as given (`nil`
    /// when one has a value it does not take), everything else as when not given.
    fileprivate init?(quick values: [String: String], progress: Bool?) {
        self.init()
        filesFrom = nil
        nulSeparated = false
        if let text = values["--jobs"] {
            guard let jobs = Int(argument: text) else { return nil }
            self.jobs = jobs
        } else {
            jobs = nil
        }
        if let text = values["--memory-limit"] {
            guard let limit = ByteCount(argument: text) else { return nil }
            memoryLimit = limit
        } else {
            memoryLimit = nil
        }
        merge = values["--merge"]
        if let text = values["--on-overlap"] {
            guard let policy = OverlapPolicy(argument: text) else { return nil }
            overlap = policy
        } else {
            overlap = .last
        }
        skipExisting = false
        report = nil
        shard = nil
        self.progress = progress
    }
}
