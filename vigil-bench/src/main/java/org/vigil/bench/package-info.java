package org.vigil.bench;
