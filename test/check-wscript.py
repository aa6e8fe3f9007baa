#!/usr/bin/env python3
"""Check that wscript-compat/wscript builds what CMake builds.

Usage: check-wscript.py [--root DIR] <wscript> <r3d-cmake-sources.txt>

waf is not available here, so the wscript is compiled and its options(),
configure() and build() are executed against mock opt/conf/bld objects that
record everything assigned. The recorded library sources, headers and test
sources are compared (as sets) with the lists CMake wrote to
r3d-cmake-sources.txt; the program sources with the SOURCE_FILES of
examples/CMakeLists.txt. configure() is also run with each dependency
missing in turn, to check that nlohmann-json, Boost and LibTorch (the DRL
agent is part of the library) are fatal, naming the Debian package.

--root is the module root the paths are relative to (default: the parent of
this script's directory). Exit status 0 on parity, 1 otherwise.
"""

import argparse
import os
import posixpath
import re
import sys
import types

MODULE = 'r3d'
ME = 'r3d-wscript-parity'


# ---------------------------------------------------------------- mocks


class Stub:
    """Accepts any attribute access, call, iteration or operator."""

    def __init__(self, name='stub'):
        object.__setattr__(self, '_name', name)

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return Stub('%s.%s' % (self._name, attr))

    def __call__(self, *args, **kwargs):
        return Stub(self._name + '()')

    def __iter__(self):
        return iter(())

    def __len__(self):
        return 0

    def __bool__(self):
        return False

    def __add__(self, other):
        return self

    __radd__ = __iadd__ = __add__

    def __str__(self):
        return self._name

    __repr__ = __str__


class MockFatal(Exception):
    """conf.fatal() / waflib.Errors.ConfigurationError."""


class MockEnv:
    """waf ConfigSet: attribute or item access, missing keys are []."""

    def __init__(self, parent=None, missing_true=None):
        object.__setattr__(self, '_table', {})
        object.__setattr__(self, '_parent', parent)
        # Predicate on a key: missing keys it accepts read as True.
        object.__setattr__(self, '_missing_true', missing_true)

    def __contains__(self, key):
        return key in self._table or (self._parent is not None
                                      and key in self._parent)

    def __getitem__(self, key):
        if key in self._table:
            return self._table[key]
        if self._parent is not None and key in self._parent:
            return self._parent[key]
        if self._missing_true and self._missing_true(key):
            return True
        return []

    def __setitem__(self, key, value):
        self._table[key] = value

    def __getattr__(self, key):
        if key.startswith('__'):
            raise AttributeError(key)
        return self[key]

    def __setattr__(self, key, value):
        self[key] = value

    def __delitem__(self, key):
        self._table[key] = []

    def get(self, key, default=None):
        return self[key] if key in self else default

    def keys(self):
        keys = set(self._table)
        if self._parent is not None:
            keys |= set(self._parent.keys())
        return sorted(keys)

    def _list(self, key):
        value = self[key]
        if isinstance(value, list):
            return list(value)
        return [] if value in (None, [], '') else [value]

    @staticmethod
    def _as_list(value):
        return list(value) if isinstance(value, (list, tuple)) else [value]

    def append_value(self, key, value):
        self[key] = self._list(key) + self._as_list(value)

    def append_unique(self, key, value):
        current = self._list(key)
        current += [v for v in self._as_list(value) if v not in current]
        self[key] = current

    def prepend_value(self, key, value):
        self[key] = self._as_list(value) + self._list(key)

    def get_flat(self, key):
        value = self[key]
        return ' '.join(map(str, value)) if isinstance(value, list) else str(value)

    def derive(self):
        return MockEnv(parent=self, missing_true=self._missing_true)

    def detach(self):
        pass

    def copy(self):
        return self.derive()


class MockNode:
    def __init__(self, path):
        self._path = os.path.abspath(path)

    def abspath(self):
        return self._path

    def find_node(self, rel):
        return MockNode(os.path.join(self._path, str(rel)))

    find_resource = find_dir = make_node = find_or_declare = find_node

    def path_from(self, other):
        return os.path.relpath(self._path, other.abspath())

    relpath = path_from

    def __str__(self):
        return self._path

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return Stub('node.' + attr)


class MockTaskGen:
    """A task generator; records whatever the wscript assigns."""

    def __init__(self, bld, kind, name, deps=(), **kwargs):
        self.kind = kind
        self.name = name
        self.deps = list(deps)
        self.prefix = bld.prefix
        self.env = bld.env.derive()
        self.use = ['ns3-' + d for d in deps]
        self.uselib = []
        self.source = []
        self.features = ''
        for key, value in kwargs.items():
            setattr(self, key, value)

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return Stub('%s.%s' % (self.name, attr))

    def sources(self):
        """source, as module-root-relative paths."""
        src = self.source
        if isinstance(src, str):
            src = src.split()
        elif not isinstance(src, (list, tuple)):
            return []
        return [norm(posixpath.join(self.prefix, str(s))) for s in src]

    def effective(self, var):
        """var as the compiler sees it: env, attribute, used uselibs."""
        values = list(MockEnv._as_list(self.env[var])) if self.env[var] else []
        values += MockEnv._as_list(getattr(self, var.lower(), []) or [])
        for use in MockEnv._as_list(self.use) + MockEnv._as_list(self.uselib):
            if isinstance(use, str) and not use.startswith('ns3-'):
                extra = self.env['%s_%s' % (var, use)]
                values += MockEnv._as_list(extra) if extra else []
        return [v for v in values if not isinstance(v, Stub)]


class MockBld:
    def __init__(self, env, root, prefix=''):
        self.env = env
        self.root = root
        self.prefix = prefix
        self.path = MockNode(os.path.join(root, prefix))
        self.srcnode = MockNode(root)
        self.bldnode = MockNode(os.path.join(root, 'build'))
        self.task_gens = []
        self.problems = []

    def _add(self, tg):
        self.task_gens.append(tg)
        return tg

    def __call__(self, *args, **kwargs):
        return self._add(MockTaskGen(self, 'generic', kwargs.get('name'),
                                     **kwargs))

    def create_ns3_module(self, name, dependencies=(), test=False):
        return self._add(MockTaskGen(self, 'module', name, dependencies,
                                     features='cxx cxxshlib ns3module'))

    def create_ns3_module_test_library(self, name):
        return self._add(MockTaskGen(self, 'test', name, [name],
                                     features='cxx cxxshlib ns3module ns3testlib'))

    def create_ns3_program(self, name, dependencies=('core',)):
        return self._add(MockTaskGen(self, 'program', name, dependencies,
                                     features='cxx cxxprogram'))

    def recurse(self, dirs, name=None, mandatory=True, **kwargs):
        # Runs <dir>/wscript's build() with paths relative to <dir>.
        for d in MockEnv._as_list(dirs):
            for sub in str(d).split():
                prefix = norm(posixpath.join(self.prefix, sub))
                path = os.path.join(self.root, prefix, 'wscript')
                if not os.path.isfile(path):
                    if mandatory:
                        self.problems.append(
                            'wscript recurses into %s/, which has no wscript'
                            % prefix)
                    continue
                child = MockBld(self.env, self.root, prefix)
                run_function(load_wscript(path), name or 'build', child)
                self.task_gens += child.task_gens
                self.problems += child.problems

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return Stub('bld.' + attr)


class MockConf:
    def __init__(self, env, root, missing=()):
        self.env = env
        self.path = MockNode(root)
        self.srcnode = MockNode(root)
        self.missing = missing
        self.checks = []
        self.features = []   # (name, caption, was_enabled, reason)

    def check_cxx(self, *args, **kwargs):
        self.checks.append(kwargs)
        mandatory = kwargs.pop('mandatory', True)
        text = (repr(args) + repr(sorted(kwargs.items()))).lower()
        if any(word in text for word in self.missing):
            if mandatory:
                raise MockFatal('The configuration failed')
            return None
        store = kwargs.get('uselib_store')
        if store:
            for var in ('includes', 'lib', 'libpath', 'rpath', 'cxxflags',
                        'defines', 'linkflags', 'stlib', 'stlibpath'):
                if var in kwargs:
                    self.env.append_value('%s_%s' % (var.upper(), store),
                                          kwargs[var])
        if kwargs.get('define_name'):
            self.env[kwargs['define_name']] = 1
        return True

    check = check_cc = check_cfg = check_nonfatal = check_cxx

    def fatal(self, msg, *args, **kwargs):
        raise MockFatal(msg)

    def report_optional_feature(self, name, caption, was_enabled,
                                reason_not_enabled=''):
        self.features.append((name, caption, was_enabled, reason_not_enabled))

    def recurse(self, *args, **kwargs):
        pass

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return Stub('conf.' + attr)


class MockOpt:
    def __init__(self):
        self.added = []   # (flags, kwargs)

    def add_option(self, *flags, **kwargs):
        self.added.append((flags, kwargs))
        return Stub('option')

    def add_option_group(self, *args, **kwargs):
        return self

    get_option_group = add_option_group

    def defaults(self):
        values = {}
        for flags, kwargs in self.added:
            dest = kwargs.get('dest')
            if not dest:
                longs = [f for f in flags if f.startswith('--')]
                if not longs:
                    continue
                dest = longs[0][2:].replace('-', '_')
            default = kwargs.get('default')
            if default is None and kwargs.get('action') in ('store_true',
                                                            'store_false'):
                default = kwargs['action'] == 'store_false'
            values[dest] = default
        return values

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return Stub('opt.' + attr)


class Options(types.SimpleNamespace):
    """Options.options: the wscript's own defaults, anything else None."""

    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return None


class PermissiveModule(types.ModuleType):
    def __getattr__(self, attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        return Stub('%s.%s' % (self.__name__, attr))


def install_fake_waflib():
    """Enough of waflib (and ns-3's wutils) for a wscript's imports."""
    waflib = PermissiveModule('waflib')
    waflib.__path__ = []
    for sub in ('Options', 'Logs', 'Utils', 'Errors', 'Context', 'Task',
                'TaskGen', 'Build', 'Configure', 'Node', 'Scripting'):
        mod = PermissiveModule('waflib.' + sub)
        setattr(waflib, sub, mod)
        sys.modules['waflib.' + sub] = mod
    sys.modules['waflib'] = waflib
    sys.modules.setdefault('wutils', PermissiveModule('wutils'))
    waflib.Errors.ConfigurationError = MockFatal
    waflib.Errors.WafError = MockFatal
    waflib.Options.options = Options()
    identity = lambda *a, **k: (lambda f: f)
    for deco in ('feature', 'before_method', 'after_method', 'extension',
                 'taskgen_method', 'before', 'after'):
        setattr(waflib.TaskGen, deco, identity)
    waflib.Configure.conf = lambda f: f
    return waflib


# ---------------------------------------------------------------- helpers


def norm(path):
    path = posixpath.normpath(str(path).replace(os.sep, '/'))
    return path[2:] if path.startswith('./') else path


_loaded = {}


def load_wscript(path):
    """compile() and exec the wscript; its globals."""
    if path not in _loaded:
        with open(path, encoding='utf-8') as f:
            code = compile(f.read(), path, 'exec')   # SyntaxError if broken
        namespace = {'__file__': path, '__name__': 'wscript'}
        exec(code, namespace)
        _loaded[path] = namespace
    return _loaded[path]


def run_function(namespace, name, ctx):
    fun = namespace.get(name)
    if fun is None:
        raise MockFatal('the wscript defines no %s()' % name)
    return fun(ctx)


def read_cmake_sources(path, root):
    lists = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            parts = line.strip().split(None, 1)
            if not parts:
                continue
            items = parts[1].split(';') if len(parts) > 1 else []
            lists[parts[0]] = [relative(i.strip(), root) for i in items
                               if i.strip()]
    for key in ('sources', 'headers', 'tests'):
        if key not in lists:
            raise SystemExit('%s: %s has no "%s" line' % (ME, path, key))
    return lists


def relative(path, root):
    if os.path.isabs(path):
        path = os.path.relpath(path, root)
    return norm(path)


def read_cmake_examples(path):
    """[(name, [sources relative to the module root], needs_torch)] from
    the build_lib_example() calls; needs_torch if inside an if() naming
    Torch."""
    with open(path, encoding='utf-8') as f:
        text = re.sub(r'#[^\n]*', '', f.read())
    examples = []
    conditions = []
    token = re.compile(r'\b(if|elseif|else|endif|build_lib_example)\s*\(',
                       re.IGNORECASE)
    pos = 0
    while True:
        m = token.search(text, pos)
        if not m:
            break
        end = text.find(')', m.end())
        args = text[m.end():end]
        word = m.group(1).lower()
        if word == 'if':
            conditions.append(args)
        elif word in ('elseif', 'else') and conditions:
            conditions[-1] = 'not (%s) %s' % (conditions[-1], args)
        elif word == 'endif' and conditions:
            conditions.pop()
        elif word == 'build_lib_example':
            name = re.search(r'\bNAME\s+(\S+)', args)
            files = re.search(
                r'\bSOURCE_FILES\s+(.*?)(?=\b(?:NAME|HEADER_FILES|'
                r'LIBRARIES_TO_LINK|IGNORE_PCH)\b|$)', args, re.DOTALL)
            sources = files.group(1).split() if files else []
            examples.append((
                name.group(1) if name else '?',
                [norm(posixpath.join('examples', s)) for s in sources],
                any('torch' in c.lower() for c in conditions)))
        pos = end + 1 if end >= 0 else m.end()
    return examples


def compare(problems, label, cmake, wscript):
    cmake_set, wscript_set = set(cmake), set(wscript)
    for f in sorted(cmake_set - wscript_set):
        problems.append('in CMake but not in wscript: %s (%s)' % (f, label))
    for f in sorted(wscript_set - cmake_set):
        problems.append('in wscript but not in CMake: %s (%s)' % (f, label))
    for f in sorted({f for f in wscript if wscript.count(f) > 1}):
        problems.append('named twice in wscript: %s (%s)' % (f, label))


# ---------------------------------------------------------------- checks


def check_configure(namespace, root, problems):
    """Runs options() and configure() in every dependency scenario; the env
    of the everything-found and the no-LibTorch runs."""
    opt = MockOpt()
    if 'options' in namespace:
        run_function(namespace, 'options', opt)
    Options.__init__(sys.modules['waflib'].Options.options, **opt.defaults())

    def configure(missing):
        conf = MockConf(MockEnv(), root, missing)
        try:
            run_function(namespace, 'configure', conf)
            return conf, None
        except MockFatal as e:
            return conf, str(e)

    conf_all, fatal = configure(())
    if fatal:
        problems.append('configure() fails with every dependency present: %s'
                        % fatal)
    for feature in conf_all.features:
        if not feature[2]:
            problems.append('configure() reports %s disabled with every '
                            'dependency present' % feature[0])

    for missing, package in (('nlohmann', 'nlohmann-json3-dev'),
                             ('boost', 'libboost-dev'),
                             ('torch', 'libtorch-dev')):
        _, fatal = configure((missing,))
        if fatal is None:
            problems.append('configure() does not fail without %s' % missing)
        elif package not in fatal:
            problems.append('configure() fails without %s, but its message '
                            'does not name %s: %s' % (missing, package, fatal))
    return conf_all.env


def run_build(namespace, env, root, all_features):
    env = env.derive()
    if all_features:
        # Every ENABLE_* flag on, whether configure() set it or not.
        object.__setattr__(env, '_missing_true',
                           lambda key: key.startswith('ENABLE_'))
    env.ENABLE_EXAMPLES = True
    env.ENABLE_TESTS = True
    bld = MockBld(env, root)
    run_function(namespace, 'build', bld)
    return bld


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('wscript')
    parser.add_argument('cmake_sources')
    parser.add_argument('--root', default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    problems = []

    install_fake_waflib()
    try:
        namespace = load_wscript(os.path.abspath(args.wscript))
    except SyntaxError as e:
        print('%s: FAILED: %s does not parse: %s' % (ME, args.wscript, e))
        return 1

    cmake = read_cmake_sources(args.cmake_sources, root)
    examples_cmake = os.path.join(root, 'examples', 'CMakeLists.txt')
    examples = (read_cmake_examples(examples_cmake)
                if os.path.isfile(examples_cmake) else [])

    try:
        env_all = check_configure(namespace, root, problems)
        bld = run_build(namespace, env_all, root, all_features=True)
    except Exception as e:   # the wscript itself is broken
        import traceback
        traceback.print_exc()
        print('%s: FAILED: running %s: %s: %s'
              % (ME, args.wscript, type(e).__name__, e))
        return 1
    problems += bld.problems

    tgs = bld.task_gens
    modules = [t for t in tgs if t.kind == 'module' and t.name == MODULE]
    tests = [t for t in tgs if t.kind == 'test' and t.name == MODULE]
    headers = [t for t in tgs if 'ns3header' in str(t.features)
               and getattr(t, 'module', None) == MODULE]
    programs = [t for t in tgs if t.kind == 'program']
    for what, found in (('create_ns3_module(%r, ...)' % MODULE, modules),
                        ('create_ns3_module_test_library(%r)' % MODULE, tests),
                        ("bld(features='ns3header') with module %r" % MODULE,
                         headers)):
        if not found:
            problems.append('wscript has no %s' % what)

    lib_sources = [s for t in modules for s in t.sources()]
    test_sources = [s for t in tests for s in t.sources()]
    header_files = [s for t in headers for s in t.sources()]
    compare(problems, 'sources', cmake['sources'], lib_sources)
    compare(problems, 'headers', cmake['headers'], header_files)
    compare(problems, 'tests', cmake['tests'], test_sources)

    # Examples: every CMake example is a program with the same name and
    # sources; programs that CMake builds only with LibTorch are skipped
    # without it and link it with it.
    cmake_examples = {src: (name, torch) for name, srcs, torch in examples
                      for src in srcs}
    program_of = {}
    for t in programs:
        for src in t.sources():
            program_of[src] = t
    for src in sorted(set(cmake_examples) - set(program_of)):
        problems.append('in CMake but not in wscript: %s (example %s)'
                        % (src, cmake_examples[src][0]))
    for src in sorted(set(program_of) - set(cmake_examples)):
        problems.append('in wscript but not in CMake: %s (program %s)'
                        % (src, program_of[src].name))
    for src, t in sorted(program_of.items()):
        if src in cmake_examples:
            name, torch = cmake_examples[src]
            if t.name != name:
                problems.append('%s: program is %s in wscript, %s in CMake'
                                % (src, t.name, name))
            if torch and not any('torch' in str(lib)
                                 for lib in t.effective('LIB')):
                problems.append('%s: program %s does not link LibTorch'
                                % (src, t.name))
    for t in modules:
        if not any('torch' in str(lib) for lib in t.effective('LIB')):
            problems.append('module %s does not link LibTorch' % t.name)

    # Flags CMake gives every target: R3D_DATA_DIR, C++17.
    data_define = 'R3D_DATA_DIR="%s"' % os.path.join(root, 'data')
    for t in modules + tests + programs:
        defines = [str(d) for d in t.effective('DEFINES')]
        if data_define not in defines:
            problems.append('%s %s: no define %s (has: %s)'
                            % (t.kind, t.name, data_define,
                               ' '.join(d for d in defines
                                        if 'R3D_DATA_DIR' in d) or 'none'))
        if not any(re.match(r'-std=(c|gnu)\+\+(17|1z|2a|20|2b|23)$', str(f))
                   for f in t.effective('CXXFLAGS')):
            problems.append('%s %s: not compiled as C++17' % (t.kind, t.name))

    # Every file named anywhere exists.
    named = {}
    for label, files in (('CMake', cmake['sources'] + cmake['headers']
                          + cmake['tests'] + list(cmake_examples)),
                         ('wscript', lib_sources + header_files + test_sources
                          + list(program_of))):
        for f in files:
            named.setdefault(f, set()).add(label)
    for f in sorted(named):
        if not os.path.isfile(os.path.join(root, f)):
            problems.append('missing on disk: %s (named by %s)'
                            % (f, ' and '.join(sorted(named[f]))))

    for p in problems:
        print(p)
    if problems:
        print('%s: FAILED: %d problem(s) in %s against %s'
              % (ME, len(problems), args.wscript, args.cmake_sources))
        return 1
    print('%s: OK: wscript names the %d sources, %d headers, %d test sources '
          'and %d example programs CMake builds'
          % (ME, len(set(lib_sources)), len(set(header_files)),
             len(set(test_sources)), len(program_of)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
