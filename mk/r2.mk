# lib/r2 links openr2 (Debian's libopenr2-dev: only lib/r2 includes it).
EXT_LIBS += -lopenr2
